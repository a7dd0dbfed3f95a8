package dev.sluice.bench;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/** Hand-built Ethernet frames for the side-by-side benchmark (checksums left zero: no filter reads them). */
final class Frames {
    private Frames() {}

    static final int TCP = 6;
    static final int UDP = 17;
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int ACK = 0x10;

    private static final byte[] DST_MAC = {0x02, 0, 0, 0, 0, 0x02};
    private static final byte[] SRC_MAC = {0x02, 0, 0, 0, 0, 0x01};

    static byte[] address(String text) {
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static byte[] tcp4(String src, String dst, int dport, int flags) {
        return ip4(src, dst, TCP, l4(TCP, 40000, dport, flags), -1);
    }

    static byte[] udp4(String src, String dst, int dport) {
        return ip4(src, dst, UDP, l4(UDP, 40000, dport, 0), -1);
    }

    static byte[] tcp6(String src, String dst, int dport, int flags) {
        return ip6(src, dst, TCP, l4(TCP, 40000, dport, flags), -1);
    }

    static byte[] udp6(String src, String dst, int dport) {
        return ip6(src, dst, UDP, l4(UDP, 40000, dport, 0), -1);
    }

    /** The same frames behind one 802.1Q tag (VLAN 100). */
    static byte[] tcp4Vlan(String src, String dst, int dport, int flags) {
        return ip4(src, dst, TCP, l4(TCP, 40000, dport, flags), 100);
    }

    static byte[] tcp6Vlan(String src, String dst, int dport, int flags) {
        return ip6(src, dst, TCP, l4(TCP, 40000, dport, flags), 100);
    }

    private static byte[] l4(int proto, int sport, int dport, int flags) {
        ByteBuffer b = ByteBuffer.allocate(proto == TCP ? 20 : 8 + 18);
        b.putShort((short) sport).putShort((short) dport);
        if (proto == TCP) {
            b.putInt(1).putInt((flags & ACK) != 0 ? 1 : 0);
            b.put((byte) 0x50).put((byte) flags).putShort((short) 65535).putShort((short) 0).putShort((short) 0);
        } else {
            b.putShort((short) (8 + 18)).putShort((short) 0);
        }
        return b.array();
    }

    private static ByteBuffer ethernet(int payload, int etherType, int vlan) {
        ByteBuffer b = ByteBuffer.allocate(Math.max(60, 14 + (vlan >= 0 ? 4 : 0) + payload));
        b.put(DST_MAC).put(SRC_MAC);
        if (vlan >= 0) b.putShort((short) 0x8100).putShort((short) vlan);
        b.putShort((short) etherType);
        return b;
    }

    private static byte[] ip4(String src, String dst, int proto, byte[] l4, int vlan) {
        ByteBuffer b = ethernet(20 + l4.length, 0x0800, vlan);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4.length)).putShort((short) 1).putShort((short) 0x4000)
                .put((byte) 64).put((byte) proto).putShort((short) 0).put(address(src)).put(address(dst)).put(l4);
        return b.array();
    }

    private static byte[] ip6(String src, String dst, int proto, byte[] l4, int vlan) {
        ByteBuffer b = ethernet(40 + l4.length, 0x86dd, vlan);
        b.putInt(0x60000000).putShort((short) l4.length).put((byte) proto).put((byte) 64)
                .put(address(src)).put(address(dst)).put(l4);
        return b.array();
    }
}
