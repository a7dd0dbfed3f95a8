package dev.sluice.runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Converts map keys and values between Java values and the bytes the kernel stores. Integers are
 * in host (little-endian) order as programs see them in registers; addresses in network order.
 */
public interface Codec<T> {
    /** Bytes of one encoded value, which must equal the map's key or value size. */
    int size();

    /** The value as the map stores it. */
    byte[] encode(T value);

    /** The value from the bytes the map holds. */
    T decode(byte[] bytes);

    /** An unsigned byte. */
    Codec<Integer> U8 = integer(1);
    /** An unsigned 16-bit number in host order (as a program stores a port it has byte-swapped). */
    Codec<Integer> U16 = integer(2);
    /** An unsigned 32-bit number in host order; array-map indexes and counter slots use it. */
    Codec<Integer> U32 = integer(4);
    /** A 64-bit number in host order: counters and sums. */
    Codec<Long> U64 = new Codec<>() {
        public int size() {
            return 8;
        }

        public byte[] encode(Long v) {
            return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
        }

        public Long decode(byte[] b) {
            return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
        }
    };
    /** An IPv4 address in network order, as the packet carries it. */
    Codec<InetAddress> IPV4 = address(4);
    /** An IPv6 address in network order. */
    Codec<InetAddress> IPV6 = address(16);

    /** Bytes as they are, of a fixed size: for keys and values no other codec describes. */
    static Codec<byte[]> raw(int size) {
        return new Codec<>() {
            public int size() {
                return size;
            }

            public byte[] encode(byte[] v) {
                if (v.length != size) throw new IllegalArgumentException("expected " + size + " bytes, got " + v.length);
                return v.clone();
            }

            public byte[] decode(byte[] b) {
                return b.clone();
            }
        };
    }

    /** An LPM trie key: u32 prefix length in host order, then the address bytes. */
    static Codec<Cidr> lpm(int addressBytes) {
        return new Codec<>() {
            public int size() {
                return 4 + addressBytes;
            }

            public byte[] encode(Cidr c) {
                byte[] address = c.address().getAddress();
                if (address.length != addressBytes) {
                    throw new IllegalArgumentException(c + " is not a " + addressBytes * 8 + "-bit address");
                }
                return ByteBuffer.allocate(size()).order(ByteOrder.LITTLE_ENDIAN).putInt(c.prefixLength()).put(address).array();
            }

            public Cidr decode(byte[] b) {
                ByteBuffer in = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
                int prefix = in.getInt();
                byte[] address = new byte[addressBytes];
                in.get(address);
                return new Cidr(toAddress(address), prefix);
            }
        };
    }

    private static Codec<Integer> integer(int bytes) {
        return new Codec<>() {
            public int size() {
                return bytes;
            }

            public byte[] encode(Integer v) {
                byte[] out = new byte[bytes];
                for (int i = 0; i < bytes; i++) out[i] = (byte) (v >>> (8 * i));
                return out;
            }

            public Integer decode(byte[] b) {
                int v = 0;
                for (int i = bytes - 1; i >= 0; i--) v = v << 8 | (b[i] & 0xff);
                return v;
            }
        };
    }

    private static Codec<InetAddress> address(int bytes) {
        return new Codec<>() {
            public int size() {
                return bytes;
            }

            public byte[] encode(InetAddress a) {
                byte[] out = a.getAddress();
                if (out.length != bytes) throw new IllegalArgumentException(a + " is not a " + bytes * 8 + "-bit address");
                return out;
            }

            public InetAddress decode(byte[] b) {
                return toAddress(b);
            }
        };
    }

    private static InetAddress toAddress(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + b.length + " bytes", e);
        }
    }

    /** An address prefix, as LPM keys hold it. */
    record Cidr(InetAddress address, int prefixLength) {
        @Override
        public String toString() {
            return address.getHostAddress() + "/" + prefixLength;
        }
    }
}
