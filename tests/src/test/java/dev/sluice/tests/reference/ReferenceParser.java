package dev.sluice.tests.reference;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The reference reading of a packet, written from docs/LANGUAGE.md alone and deliberately naive (no
 * shared code with the compiler or the interpreter), for the property tests:
 * <ul>
 * <li>A header is present when all its fixed bytes are in the packet: Ethernet 14, VLAN tag 4,
 *     ARP 28, IPv4 IHL x 4 (IHL < 5: no IPv4), IPv6 40, each extension header its own length,
 *     TCP 20, UDP 8, ICMP and ICMPv6 4. Anything after a missing or cut header is absent.
 * <li>Up to two VLAN tags (0x8100, 0x88a8, 0x9100); {@code vlan.id} and {@code vlan.pcp} are the outer
 *     one's, {@code vlan.inner} the second one's id. A third tag leaves
 *     {@code eth.type} at that TPID with no IP; a cut tag leaves {@code eth.type} at the TPID of the
 *     cut tag. Below 0x0600 the type is an 802.3 length: no IP.
 * <li>IPv6 extension headers 0, 43, 44, 60, up to 4, are skipped; with a fifth, {@code ip6.next}
 *     is its type and there is no L4.
 * <li>Bare {@code tcp}/{@code udp}/{@code icmp}/{@code icmp6} follow the protocol number on every
 *     fragment; L4 fields are absent on later fragments and when the L4 header is cut.
 * <li>{@code sctp} (132) and {@code gre} (47) are tests like {@code tcp}; SCTP's ports need 12 bytes,
 *     {@code gre.proto} 4 bytes plus 4 for each of the C, K and S flags. {@code vxlan.vni}: UDP
 *     destination port 4789 and 8 more bytes; {@code geneve.vni}: port 6081, 8 more bytes and the
 *     options (byte 0's low 6 bits x 4). {@code frag}: IPv4 MF or offset != 0, or an IPv6 fragment
 *     header among those skipped. ARP's fields need the 28 bytes, at Ethernet/IPv4 offsets.
 * <li>Tunnels, one level: after a whole VXLAN header, after a whole Geneve header and its options,
 *     and after a whole GRE header whose protocol is 0x6558 comes an Ethernet frame; after GRE with
 *     0x0800 or 0x86dd an IP packet, {@code inner.eth.type} being that protocol and {@code inner.eth}
 *     absent. It is read by the same rules into {@code inner.NAME}, without {@code inner.pkt.len} and
 *     without following its own tunnels (no {@code inner.vxlan.vni}, {@code inner.geneve.vni}).
 * <li>Raw bytes read from a header's start whenever its fields are present (ip, ip6, arp, tcp, udp,
 *     icmp, icmp6, sctp; eth at byte 0 of a frame); {@code payload} starts after the TCP header by its
 *     data offset (none below 5), after the UDP header, or 8 bytes into an ICMP or ICMPv6 message.
 * </ul>
 */
public final class ReferenceParser {
    public static final int ETH_IPV4 = 0x0800;
    public static final int ETH_IPV6 = 0x86dd;
    public static final int ETH_ARP = 0x0806;
    private static final int MAX_EXTENSION_HEADERS = 4;

    private ReferenceParser() {}

    /** A frame that starts at the Ethernet header (xdp, tc). */
    public static ParsedPacket parseFrame(byte[] frame) {
        Builder b = new Builder("", frame);
        b.integer("pkt.len", (long) frame.length);
        frame(b, frame, 0);
        return b.build();
    }

    /** The Ethernet frame at {@code start}: the outer one, or one a tunnel carries. */
    private static void frame(Builder b, byte[] frame, int start) {
        if (frame.length < start + 14) return;
        b.protocol("eth");
        b.start("eth", start);
        b.address("eth.dst", Arrays.copyOfRange(frame, start, start + 6));
        b.address("eth.src", Arrays.copyOfRange(frame, start + 6, start + 12));
        int type = u16(frame, start + 12);
        int offset = start + 14;
        int tags = 0;
        while (type == 0x8100 || type == 0x88a8 || type == 0x9100) {
            if (tags == 2 || frame.length < offset + 4) {
                // A third tag, or a cut one: the type stays that TPID and nothing after it is parsed.
                b.integer("eth.type", (long) type);
                return;
            }
            int tci = u16(frame, offset);
            if (tags == 0) {
                b.protocol("vlan");
                b.integer("vlan.id", (long) (tci & 0x0fff));
                b.integer("vlan.pcp", (long) (tci >> 13));
            } else {
                b.integer("vlan.inner", (long) (tci & 0x0fff));
            }
            type = u16(frame, offset + 2);
            offset += 4;
            tags++;
        }
        b.integer("eth.type", (long) type);
        network(b, frame, offset, type);
    }

    /** A packet that starts at the network header (socket, cgroup), with the EtherType the skb carries. */
    public static ParsedPacket parseNetwork(byte[] packet, int etherType) {
        Builder b = new Builder("", packet);
        b.integer("pkt.len", (long) packet.length);
        network(b, packet, 0, etherType);
        return b.build();
    }

    private static void network(Builder b, byte[] p, int offset, int type) {
        if (type == ETH_ARP) {
            if (p.length >= offset + 28) {
                b.protocol("arp");
                b.start("arp", offset);
                b.integer("arp.op", (long) u16(p, offset + 6));
                b.address("arp.sha", Arrays.copyOfRange(p, offset + 8, offset + 14));
                b.address("arp.spa", Arrays.copyOfRange(p, offset + 14, offset + 18));
                b.address("arp.tha", Arrays.copyOfRange(p, offset + 18, offset + 24));
                b.address("arp.tpa", Arrays.copyOfRange(p, offset + 24, offset + 28));
            }
        } else if (type == ETH_IPV4) {
            ipv4(b, p, offset);
        } else if (type == ETH_IPV6) {
            ipv6(b, p, offset);
        }
    }

    private static void ipv4(Builder b, byte[] p, int offset) {
        if (p.length < offset + 20) return;
        int ihl = p[offset] & 0x0f;
        if (ihl < 5 || p.length < offset + ihl * 4) return;
        b.protocol("ip");
        b.start("ip", offset);
        b.integer("ip.tos", (long) (p[offset + 1] & 0xff));
        b.integer("ip.len", (long) u16(p, offset + 2));
        b.integer("ip.id", (long) u16(p, offset + 4));
        b.integer("ip.ttl", (long) (p[offset + 8] & 0xff));
        int proto = p[offset + 9] & 0xff;
        b.integer("ip.proto", (long) proto);
        b.address("ip.src", Arrays.copyOfRange(p, offset + 12, offset + 16));
        b.address("ip.dst", Arrays.copyOfRange(p, offset + 16, offset + 20));
        int fragment = u16(p, offset + 6);
        b.integer("ip.ihl", (long) ihl);
        b.integer("ip.fragoff", (long) (fragment & 0x1fff));
        if ((fragment & 0x4000) != 0) b.protocol("ip.df");
        if ((fragment & 0x2000) != 0) b.protocol("ip.mf");
        if ((fragment & 0x3fff) != 0) b.protocol("frag");
        boolean laterFragment = (fragment & 0x1fff) != 0;
        transport(b, p, offset + ihl * 4, proto, laterFragment, false);
    }

    private static void ipv6(Builder b, byte[] p, int offset) {
        if (p.length < offset + 40) return;
        b.protocol("ip6");
        b.start("ip6", offset);
        b.integer("ip6.hlim", (long) (p[offset + 7] & 0xff));
        b.integer("ip6.plen", (long) u16(p, offset + 4));
        long first = (long) u16(p, offset) << 16 | u16(p, offset + 2);
        b.integer("ip6.tclass", (first >> 20) & 0xff);
        b.integer("ip6.flow", first & 0xfffff);
        b.address("ip6.src", Arrays.copyOfRange(p, offset + 8, offset + 24));
        b.address("ip6.dst", Arrays.copyOfRange(p, offset + 24, offset + 40));
        int next = p[offset + 6] & 0xff;
        int at = offset + 40;
        boolean laterFragment = false;
        for (int skipped = 0; isExtension(next); skipped++) {
            if (skipped == MAX_EXTENSION_HEADERS) {
                b.integer("ip6.next", (long) next);
                return;
            }
            int length;
            if (next == 44) {
                length = 8;
                if (p.length < at + length) return;
                b.protocol("frag");
                laterFragment |= (u16(p, at + 2) >> 3) != 0; // any later-fragment header makes L4 absent
            } else {
                if (p.length < at + 2) return;
                length = ((p[at + 1] & 0xff) + 1) * 8;
                if (p.length < at + length) return;
            }
            next = p[at] & 0xff;
            at += length;
        }
        b.integer("ip6.next", (long) next);
        transport(b, p, at, next, laterFragment, true);
    }

    private static boolean isExtension(int next) {
        return next == 0 || next == 43 || next == 44 || next == 60;
    }

    private static void transport(Builder b, byte[] p, int at, int proto, boolean laterFragment, boolean v6) {
        if (proto == 6) b.protocol("tcp");
        if (proto == 17) b.protocol("udp");
        if (proto == 1 && !v6) b.protocol("icmp");
        if (proto == 58 && v6) b.protocol("icmp6");
        if (proto == 132) b.protocol("sctp");
        if (proto == 47) b.protocol("gre");
        if (laterFragment) return;
        if (proto == 6 && p.length >= at + 20) {
            b.integer("tcp.sport", (long) u16(p, at));
            b.integer("tcp.dport", (long) u16(p, at + 2));
            b.integer("tcp.flags", (long) (p[at + 13] & 0xff));
            b.integer("tcp.win", (long) u16(p, at + 14));
            b.start("tcp", at);
            // The payload follows the header by its data offset; below 5 words there is none.
            int dataOffset = (p[at + 12] & 0xff) >> 4;
            if (dataOffset >= 5) b.start("payload", at + dataOffset * 4);
        } else if (proto == 17 && p.length >= at + 8) {
            b.integer("udp.sport", (long) u16(p, at));
            b.integer("udp.dport", (long) u16(p, at + 2));
            b.integer("udp.len", (long) u16(p, at + 4));
            b.start("udp", at);
            b.start("payload", at + 8);
            int dport = u16(p, at + 2);
            if (dport == 4789 && p.length >= at + 16) {
                b.integer("vxlan.vni", vni(p, at + 8));
                b.inner().ifPresent(inner -> frame(inner, p, at + 16));
            }
            if (dport == 6081 && p.length >= at + 16 && p.length >= at + 16 + (p[at + 8] & 0x3f) * 4) {
                b.integer("geneve.vni", vni(p, at + 8));
                b.inner().ifPresent(inner -> frame(inner, p, at + 16 + (p[at + 8] & 0x3f) * 4));
            }
        } else if (proto == 132 && p.length >= at + 12) {
            b.integer("sctp.sport", (long) u16(p, at));
            b.integer("sctp.dport", (long) u16(p, at + 2));
            b.start("sctp", at);
        } else if (proto == 47 && p.length >= at + 4) {
            int flags = p[at] & 0xff;
            int length = 4 + ((flags & 0x80) != 0 ? 4 : 0) + ((flags & 0x20) != 0 ? 4 : 0) + ((flags & 0x10) != 0 ? 4 : 0);
            if (p.length >= at + length) {
                int carried = u16(p, at + 2);
                b.integer("gre.proto", (long) carried);
                // 0x6558 carries a frame; IPv4 and IPv6 a packet with no Ethernet header, GRE's protocol its EtherType.
                if (carried == 0x6558) b.inner().ifPresent(inner -> frame(inner, p, at + length));
                if (carried == ETH_IPV4 || carried == ETH_IPV6) b.inner().ifPresent(inner -> {
                    inner.integer("eth.type", (long) carried);
                    network(inner, p, at + length, carried);
                });
            }
        } else if (proto == 1 && !v6 && p.length >= at + 4) {
            b.integer("icmp.type", (long) (p[at] & 0xff));
            b.integer("icmp.code", (long) (p[at + 1] & 0xff));
            b.start("icmp", at);
            b.start("payload", at + 8);
        } else if (proto == 58 && v6 && p.length >= at + 4) {
            b.integer("icmp6.type", (long) (p[at] & 0xff));
            b.integer("icmp6.code", (long) (p[at + 1] & 0xff));
            b.start("icmp6", at);
            b.start("payload", at + 8);
        }
    }

    private static long vni(byte[] p, int at) {
        return (long) (p[at + 4] & 0xff) << 16 | (p[at + 5] & 0xff) << 8 | (p[at + 6] & 0xff);
    }

    private static int u16(byte[] p, int at) {
        return (p[at] & 0xff) << 8 | (p[at + 1] & 0xff);
    }

    /** The fields read so far, each under its layer's prefix: "" for the packet, "inner." for what its tunnel carries. */
    private static final class Builder {
        final Map<String, Long> integers;
        final Map<String, byte[]> addresses;
        final Set<String> protocols;
        /** Where each header raw bytes read starts, from the packet's first byte (inner headers under "inner."). */
        final Map<String, Integer> starts;
        final byte[] packet;
        final String layer;

        Builder(String layer, byte[] packet) {
            this(layer, packet, new HashMap<>(), new HashMap<>(), new HashSet<>(), new HashMap<>());
        }

        private Builder(String layer, byte[] packet, Map<String, Long> integers, Map<String, byte[]> addresses, Set<String> protocols,
                Map<String, Integer> starts) {
            this.layer = layer;
            this.packet = packet;
            this.integers = integers;
            this.addresses = addresses;
            this.protocols = protocols;
            this.starts = starts;
        }

        void start(String header, int at) {
            starts.put(layer + header, at);
        }

        void integer(String name, long value) {
            integers.put(layer + name, value);
        }

        void address(String name, byte[] value) {
            addresses.put(layer + name, value);
        }

        void protocol(String name) {
            protocols.add(layer + name);
        }

        /** The tunnel's packet, written into the same maps: none inside an inner packet (one level only). */
        java.util.Optional<Builder> inner() {
            return layer.isEmpty() ? java.util.Optional.of(new Builder("inner.", packet, integers, addresses, protocols, starts)) : java.util.Optional.empty();
        }

        ParsedPacket build() {
            return new ParsedPacket(integers, addresses, protocols, packet, starts);
        }
    }
}
