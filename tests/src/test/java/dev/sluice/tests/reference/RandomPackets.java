package dev.sluice.tests.reference;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random Ethernet frames built from structure: 0-3 VLAN tags, IPv4 with options and fragments,
 * IPv6 with 0-5 extension headers, TCP/UDP/ICMP/ICMPv6 or another protocol, ARP, 802.3 frames,
 * garbage, and truncation at any byte, and often exactly at a header boundary or one byte short of
 * it (a cut tag, IP header, extension header or L4 header). Field values come from {@link Pools}.
 */
public final class RandomPackets {
    private RandomPackets() {}

    /** Batches of frames of any length, for interpreter runs. */
    public static Arbitrary<java.util.List<byte[]>> frameBatches(int size) {
        return frames().list().ofSize(size);
    }

    /**
     * Batches every skb test run takes (xdp, tc, cgroup_skb, socket): at least an Ethernet header,
     * and for an IP EtherType the whole fixed IP header (the kernel refuses the rest with EINVAL).
     */
    public static Arbitrary<java.util.List<byte[]>> kernelFrameBatches(int size) {
        return frames().filter(RandomPackets::kernelTakes).list().ofSize(size);
    }

    /** Whether every kind of BPF_PROG_TEST_RUN used here takes the frame. */
    public static boolean kernelTakes(byte[] frame) {
        if (frame.length < 14) return false;
        int type = (frame[12] & 0xff) << 8 | (frame[13] & 0xff);
        return !(type == 0x0800 && frame.length < 34 || type == 0x86dd && frame.length < 54);
    }

    /** A frame and the offsets where its headers end (Ethernet, each tag, IP, each extension header, L4). */
    private record Built(byte[] frame, List<Integer> boundaries) {}

    public static Arbitrary<byte[]> frames() {
        Arbitrary<Built> whole = Combinators.combine(Pools.macs(), Pools.macs(), vlanTags(), network())
                .as((dst, src, tags, l3) -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    List<Integer> ends = new java.util.ArrayList<>(List.of(14));
                    out.writeBytes(dst);
                    out.writeBytes(src);
                    for (int[] tag : tags) {
                        u16(out, tag[0]);
                        u16(out, tag[1]);
                        ends.add(out.size() + 2);
                    }
                    u16(out, l3.etherType());
                    int network = out.size();
                    for (int end : l3.boundaries()) ends.add(network + end);
                    out.writeBytes(l3.bytes());
                    return new Built(out.toByteArray(), ends);
                });
        return Arbitraries.frequencyOf(
                Tuple.of(12, whole.map(Built::frame)),
                Tuple.of(3, whole.flatMap(b -> Arbitraries.integers().between(0, b.frame().length)
                        .map(n -> Arrays.copyOf(b.frame(), n)))),
                Tuple.of(3, whole.flatMap(b -> Combinators.combine(Arbitraries.of(b.boundaries()), Arbitraries.of(0, 1))
                        .as((end, oneShort) -> Arrays.copyOf(b.frame(), Math.min(b.frame().length, end - oneShort))))),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(80)));
    }

    /** An L3 payload, the EtherType that announces it, and where its headers end within it. */
    public record Network(int etherType, byte[] bytes, List<Integer> boundaries) {
        Network(int etherType, byte[] bytes) {
            this(etherType, bytes, List.of());
        }
    }

    /** Network-layer packets alone, for hooks whose packet starts at the IP header. */
    public static Arbitrary<Network> network() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, ipv4()),
                Tuple.of(4, ipv6()),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofSize(28).map(b -> new Network(0x0806, b, List.of(28)))),
                Tuple.of(1, Combinators.combine(Arbitraries.integers().between(0, 0x05ff), payload())
                        .as(Network::new)),
                Tuple.of(1, Combinators.combine(Arbitraries.integers().between(0x0600, 0xffff), payload())
                        .as(Network::new)));
    }

    private static Arbitrary<List<int[]>> vlanTags() {
        Arbitrary<int[]> tag = Combinators.combine(Arbitraries.of(0x8100, 0x88a8), Arbitraries.integers().between(0, 0xffff))
                .as((tpid, tci) -> new int[] {tpid, tci});
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just(List.<int[]>of())),
                Tuple.of(3, tag.list().ofSize(1)),
                Tuple.of(2, tag.list().ofSize(2)),
                Tuple.of(1, tag.list().ofSize(3)));
    }

    private static Arbitrary<Network> ipv4() {
        Arbitrary<Integer> ihl = Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.just(5)),
                Tuple.of(3, Arbitraries.integers().between(6, 15)),
                Tuple.of(1, Arbitraries.integers().between(0, 4)));
        Arbitrary<Integer> fragment = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(0, 0x4000)),
                Tuple.of(2, Arbitraries.of(0x2000, 0x2001, 0x0001, 0x1fff, 0x00b9)));
        return Combinators.combine(ihl, fragment, Arbitraries.integers().between(0, 255), Pools.ipv4(), Pools.ipv4(),
                        transport(false), Arbitraries.integers().between(0, 0xffff))
                .as((h, frag, ttlTos, src, dst, l4, idOrLen) -> {
                    int headerBytes = Math.max(h, 5) * 4;
                    byte[] p = new byte[headerBytes];
                    p[0] = (byte) (0x40 | h);
                    p[1] = (byte) (int) ttlTos;
                    int total = headerBytes + l4.bytes().length;
                    p[2] = (byte) (((idOrLen & 1) == 0 ? total : idOrLen) >> 8);
                    p[3] = (byte) ((idOrLen & 1) == 0 ? total : idOrLen);
                    p[4] = (byte) (idOrLen >> 8);
                    p[5] = (byte) (int) idOrLen;
                    p[6] = (byte) (frag >> 8);
                    p[7] = (byte) (int) frag;
                    p[8] = (byte) (ttlTos * 7);
                    p[9] = (byte) l4.protocol();
                    System.arraycopy(src, 0, p, 12, 4);
                    System.arraycopy(dst, 0, p, 16, 4);
                    for (int i = 20; i < headerBytes; i++) p[i] = (byte) (i * 31 + ttlTos);
                    byte[] out = Arrays.copyOf(p, headerBytes + l4.bytes().length);
                    System.arraycopy(l4.bytes(), 0, out, headerBytes, l4.bytes().length);
                    return new Network(0x0800, out, List.of(20, headerBytes, headerBytes + l4.header()));
                });
    }

    private static Arbitrary<Network> ipv6() {
        Arbitrary<int[]> extension = Combinators.combine(Arbitraries.of(0, 43, 44, 60), Arbitraries.integers().between(0, 2),
                        Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(1, 0x1fff))))
                .as((type, len, fragOffset) -> new int[] {type, len, fragOffset});
        return Combinators.combine(extension.list().ofMaxSize(5), Arbitraries.integers().between(0, 255), Pools.ipv6(),
                        Pools.ipv6(), transport(true))
                .as((exts, hlim, src, dst, l4) -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    byte[] fixed = new byte[40];
                    fixed[0] = 0x60;
                    fixed[6] = (byte) (exts.isEmpty() ? l4.protocol() : exts.get(0)[0]);
                    fixed[7] = (byte) (int) hlim;
                    System.arraycopy(src, 0, fixed, 8, 16);
                    System.arraycopy(dst, 0, fixed, 24, 16);
                    out.writeBytes(fixed);
                    List<Integer> ends = new java.util.ArrayList<>(List.of(40));
                    for (int i = 0; i < exts.size(); i++) {
                        int[] e = exts.get(i);
                        int next = i + 1 < exts.size() ? exts.get(i + 1)[0] : l4.protocol();
                        int length = e[0] == 44 ? 8 : (e[1] + 1) * 8;
                        byte[] h = new byte[length];
                        h[0] = (byte) next;
                        if (e[0] == 44) {
                            h[2] = (byte) (e[2] >> 5);
                            h[3] = (byte) (e[2] << 3);
                        } else {
                            h[1] = (byte) e[1];
                        }
                        out.writeBytes(h);
                        ends.add(out.size());
                    }
                    ends.add(out.size() + l4.header());
                    out.writeBytes(l4.bytes());
                    byte[] p = out.toByteArray();
                    int payload = p.length - 40;
                    p[4] = (byte) (payload >> 8);
                    p[5] = (byte) payload;
                    return new Network(0x86dd, p, ends);
                });
    }

    /** A transport header with payload, its protocol number, and its fixed header's length (0 for others). */
    public record Transport(int protocol, byte[] bytes, int header) {
        Transport(int protocol, byte[] bytes) {
            this(protocol, bytes, 0);
        }
    }

    private static Arbitrary<Transport> transport(boolean v6) {
        Arbitrary<Transport> tcp = Combinators.combine(Pools.ports(), Pools.ports(),
                        Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(0x02, 0x12, 0x10, 0x11, 0x04, 0x18)),
                                Tuple.of(1, Arbitraries.integers().between(0, 255))),
                        Arbitraries.integers().between(0, 0xffff), payload())
                .as((sport, dport, flags, win, data) -> {
                    byte[] h = new byte[20 + data.length];
                    put16(h, 0, sport);
                    put16(h, 2, dport);
                    h[12] = 0x50;
                    h[13] = (byte) (int) flags;
                    put16(h, 14, win);
                    System.arraycopy(data, 0, h, 20, data.length);
                    return new Transport(6, h, 20);
                });
        Arbitrary<Transport> udp = Combinators.combine(Pools.ports(), Pools.ports(), payload())
                .as((sport, dport, data) -> {
                    byte[] h = new byte[8 + data.length];
                    put16(h, 0, sport);
                    put16(h, 2, dport);
                    put16(h, 4, h.length);
                    System.arraycopy(data, 0, h, 8, data.length);
                    return new Transport(17, h, 8);
                });
        Arbitrary<Transport> icmp = Combinators.combine(Arbitraries.of(0, 3, 8, 11, 128, 129, 135, 136),
                        Arbitraries.integers().between(0, 3), payload())
                .as((type, code, data) -> {
                    byte[] h = new byte[4 + data.length];
                    h[0] = (byte) (int) type;
                    h[1] = (byte) (int) code;
                    System.arraycopy(data, 0, h, 4, data.length);
                    return new Transport(v6 ? 58 : 1, h, 4);
                });
        Arbitrary<Transport> other = Combinators.combine(Arbitraries.of(0, 1, 2, 6, 17, 41, 47, 50, 58, 132, 255), payload())
                .as(Transport::new);
        return Arbitraries.frequencyOf(Tuple.of(4, tcp), Tuple.of(4, udp), Tuple.of(2, icmp), Tuple.of(1, other));
    }

    private static Arbitrary<byte[]> payload() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(24);
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >> 8);
        out.write(v);
    }

    private static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >> 8);
        b[at + 1] = (byte) v;
    }
}
