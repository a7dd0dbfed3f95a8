package dev.sluice.tests.reference;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random Ethernet frames built from structure: 0-3 VLAN tags (all three TPIDs), IPv4 with options and
 * fragments, IPv6 with 0-5 extension headers, TCP/UDP/ICMP/ICMPv6/SCTP/GRE (with its optional fields),
 * VXLAN and Geneve (with options) over UDP carrying such a frame (GRE also an IPv4 or IPv6 packet),
 * whose own tunnels carry random bytes, or another protocol, ARP, 802.3 frames,
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
        Arbitrary<Built> whole = built(true);
        return Arbitraries.frequencyOf(
                Tuple.of(12, whole.map(Built::frame)),
                Tuple.of(3, whole.flatMap(b -> Arbitraries.integers().between(0, b.frame().length)
                        .map(n -> Arrays.copyOf(b.frame(), n)))),
                Tuple.of(3, whole.flatMap(b -> Combinators.combine(Arbitraries.of(b.boundaries()), Arbitraries.of(0, 1))
                        .as((end, oneShort) -> Arrays.copyOf(b.frame(), Math.min(b.frame().length, end - oneShort))))),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(80)));
    }

    /**
     * Whole frames and their header ends; with {@code outer}, their tunnels carry such frames (or, GRE
     * with 0x0800 or 0x86dd, network packets) whose header ends count too; without, random bytes.
     */
    private static Arbitrary<Built> built(boolean outer) {
        return Combinators.combine(Pools.macs(), Pools.macs(), vlanTags(), network(outer))
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
    }

    /** An L3 payload, the EtherType that announces it, and where its headers end within it. */
    public record Network(int etherType, byte[] bytes, List<Integer> boundaries) {
        Network(int etherType, byte[] bytes) {
            this(etherType, bytes, List.of());
        }
    }

    /** Network-layer packets alone, for hooks whose packet starts at the IP header. */
    public static Arbitrary<Network> network() {
        return network(false);
    }

    private static Arbitrary<Network> network(boolean outer) {
        return Arbitraries.frequencyOf(
                Tuple.of(6, ipv4(outer)),
                Tuple.of(4, ipv6(outer)),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofSize(28).map(b -> new Network(0x0806, b, List.of(28)))),
                Tuple.of(1, arp()),
                Tuple.of(1, Combinators.combine(Arbitraries.integers().between(0, 0x05ff), payload())
                        .as(Network::new)),
                Tuple.of(1, Combinators.combine(Arbitraries.integers().between(0x0600, 0xffff), payload())
                        .as(Network::new)));
    }

    /** ARP for Ethernet and IPv4, its addresses from the pools. */
    private static Arbitrary<Network> arp() {
        return Combinators.combine(Arbitraries.of(1, 2, 3), Pools.macs(), Pools.ipv4(), Pools.macs(), Pools.ipv4())
                .as((op, sha, spa, tha, tpa) -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.writeBytes(new byte[] {0, 1, 8, 0, 6, 4, 0, (byte) (int) op});
                    out.writeBytes(sha);
                    out.writeBytes(spa);
                    out.writeBytes(tha);
                    out.writeBytes(tpa);
                    return new Network(0x0806, out.toByteArray(), List.of(28));
                });
    }

    private static Arbitrary<List<int[]>> vlanTags() {
        Arbitrary<int[]> tag = Combinators.combine(Arbitraries.of(0x8100, 0x88a8, 0x9100), Arbitraries.integers().between(0, 0xffff))
                .as((tpid, tci) -> new int[] {tpid, tci});
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just(List.<int[]>of())),
                Tuple.of(3, tag.list().ofSize(1)),
                Tuple.of(2, tag.list().ofSize(2)),
                Tuple.of(1, tag.list().ofSize(3)));
    }

    private static Arbitrary<Network> ipv4(boolean outer) {
        Arbitrary<Integer> ihl = Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.just(5)),
                Tuple.of(3, Arbitraries.integers().between(6, 15)),
                Tuple.of(1, Arbitraries.integers().between(0, 4)));
        Arbitrary<Integer> fragment = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(0, 0x4000)),
                Tuple.of(2, Arbitraries.of(0x2000, 0x2001, 0x0001, 0x1fff, 0x00b9)));
        return Combinators.combine(ihl, fragment, Arbitraries.integers().between(0, 255), Pools.ipv4(), Pools.ipv4(),
                        transport(false, outer), Arbitraries.integers().between(0, 0xffff))
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
                    List<Integer> ends = new java.util.ArrayList<>(List.of(20, headerBytes));
                    for (int end : l4.ends()) ends.add(headerBytes + end);
                    return new Network(0x0800, out, ends);
                });
    }

    private static Arbitrary<Network> ipv6(boolean outer) {
        Arbitrary<int[]> extension = Combinators.combine(Arbitraries.of(0, 43, 44, 60), Arbitraries.integers().between(0, 2),
                        Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(1, 0x1fff))))
                .as((type, len, fragOffset) -> new int[] {type, len, fragOffset});
        return Combinators.combine(extension.list().ofMaxSize(5), Arbitraries.integers().between(0, 255), Pools.ipv6(),
                        Pools.ipv6(), transport(true, outer), Arbitraries.integers().between(0, 255), Arbitraries.of(Pools.FLOWS))
                .as((exts, hlim, src, dst, l4, tclass, flow) -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    byte[] fixed = new byte[40];
                    fixed[0] = (byte) (0x60 | tclass >> 4);
                    fixed[1] = (byte) (tclass << 4 | flow >> 16);
                    fixed[2] = (byte) (flow >> 8);
                    fixed[3] = (byte) (int) flow;
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
                    int transportAt = out.size();
                    for (int end : l4.ends()) ends.add(transportAt + end);
                    out.writeBytes(l4.bytes());
                    byte[] p = out.toByteArray();
                    int payload = p.length - 40;
                    p[4] = (byte) (payload >> 8);
                    p[5] = (byte) payload;
                    return new Network(0x86dd, p, ends);
                });
    }

    /** A transport header with payload, its protocol number, and where its headers end (none for others). */
    public record Transport(int protocol, byte[] bytes, List<Integer> ends) {
        Transport(int protocol, byte[] bytes) {
            this(protocol, bytes, List.of());
        }
    }

    /** What a tunnel carries and where its headers end: with {@code outer} a random frame or network packet, else random bytes. */
    private record Carried(byte[] bytes, List<Integer> ends) {}

    private static Arbitrary<Carried> carriedFrame(boolean outer) {
        if (!outer) return payload().map(p -> new Carried(p, List.of()));
        return Arbitraries.frequencyOf(Tuple.of(6, built(false).map(b -> new Carried(b.frame(), b.boundaries()))),
                Tuple.of(1, payload().map(p -> new Carried(p, List.of()))));
    }

    private static Arbitrary<Transport> transport(boolean v6, boolean outer) {
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
                    return new Transport(6, h, List.of(20));
                });
        Arbitrary<Transport> udp = Combinators.combine(Pools.ports(), Pools.ports(), payload())
                .as((sport, dport, data) -> {
                    byte[] h = new byte[8 + data.length];
                    put16(h, 0, sport);
                    put16(h, 2, dport);
                    put16(h, 4, h.length);
                    System.arraycopy(data, 0, h, 8, data.length);
                    return new Transport(17, h, List.of(8));
                });
        Arbitrary<Transport> icmp = Combinators.combine(Arbitraries.of(0, 3, 8, 11, 128, 129, 135, 136),
                        Arbitraries.integers().between(0, 3), payload())
                .as((type, code, data) -> {
                    byte[] h = new byte[4 + data.length];
                    h[0] = (byte) (int) type;
                    h[1] = (byte) (int) code;
                    System.arraycopy(data, 0, h, 4, data.length);
                    return new Transport(v6 ? 58 : 1, h, List.of(4));
                });
        Arbitrary<Transport> other = Combinators.combine(Arbitraries.of(0, 1, 2, 6, 17, 41, 47, 50, 58, 132, 255), payload())
                .as(Transport::new);
        Arbitrary<Transport> sctp = Combinators.combine(Pools.ports(), Pools.ports(), payload())
                .as((sport, dport, data) -> {
                    byte[] h = new byte[12 + data.length];
                    put16(h, 0, sport);
                    put16(h, 2, dport);
                    System.arraycopy(data, 0, h, 12, data.length);
                    return new Transport(132, h, List.of(12));
                });
        // GRE with any of the checksum, key and sequence-number words (flags 0x80, 0x20, 0x10).
        // What GRE carries: a frame for 0x6558; for 0x0800 and 0x86dd (mostly) a network packet of that EtherType.
        Arbitrary<Tuple.Tuple2<Integer, Carried>> greCarried = outer
                ? Arbitraries.frequencyOf(
                        Tuple.of(2, carriedFrame(true).map(c -> Tuple.of(0x6558, c))),
                        Tuple.of(3, network(false).filter(n -> n.etherType() == 0x0800 || n.etherType() == 0x86dd)
                                .map(n -> Tuple.of(n.etherType(), new Carried(n.bytes(), n.boundaries())))),
                        Tuple.of(1, Combinators.combine(Arbitraries.of(0x6558, 0x0800, 0x86dd, 0x1234), payload())
                                .as((proto, p) -> Tuple.of(proto, new Carried(p, List.of())))))
                : Combinators.combine(Arbitraries.of(0x6558, 0x0800, 0x86dd, 0x1234), payload())
                        .as((proto, p) -> Tuple.of(proto, new Carried(p, List.of())));
        Arbitrary<Transport> gre = Combinators.combine(Arbitraries.of(0x00, 0x80, 0x20, 0x10, 0xb0, 0x30), greCarried)
                .as((flags, carried) -> {
                    int length = 4 + 4 * Integer.bitCount(flags);
                    byte[] data = carried.get2().bytes();
                    byte[] h = new byte[length + data.length];
                    h[0] = (byte) (int) flags;
                    put16(h, 2, carried.get1());
                    System.arraycopy(data, 0, h, length, data.length);
                    List<Integer> ends = new java.util.ArrayList<>(List.of(4, length));
                    for (int end : carried.get2().ends()) ends.add(length + end);
                    return new Transport(47, h, ends);
                });
        // VXLAN (port 4789) or Geneve (port 6081, 0-2 option words) after UDP, and now and then the other port's header.
        Arbitrary<Transport> tunnel = Combinators.combine(Arbitraries.of(4789, 6081), Arbitraries.of(Pools.VNIS),
                        Arbitraries.integers().between(0, 2), Pools.ports(), carriedFrame(outer))
                .as((dport, vni, options, sport, carried) -> {
                    byte[] data = carried.bytes();
                    int header = 8 + (dport == 6081 ? 4 * options : 0);
                    byte[] h = new byte[8 + header + data.length];
                    put16(h, 0, sport);
                    put16(h, 2, dport);
                    put16(h, 4, h.length);
                    h[8] = (byte) (dport == 6081 ? options : 0x08);
                    h[12] = (byte) (vni >> 16);
                    h[13] = (byte) (vni >> 8);
                    h[14] = (byte) (int) vni;
                    System.arraycopy(data, 0, h, 8 + header, data.length);
                    List<Integer> ends = new java.util.ArrayList<>(List.of(8, 16, 8 + header));
                    for (int end : carried.ends()) ends.add(8 + header + end);
                    return new Transport(17, h, ends);
                });
        return Arbitraries.frequencyOf(Tuple.of(4, tcp), Tuple.of(4, udp), Tuple.of(2, icmp), Tuple.of(1, other),
                Tuple.of(1, sctp), Tuple.of(outer ? 2 : 1, gre), Tuple.of(outer ? 3 : 2, tunnel));
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
