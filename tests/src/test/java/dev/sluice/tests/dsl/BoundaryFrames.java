package dev.sluice.tests.dsl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Frames cut at every header boundary (and one byte short of it), with 0 to 3 VLAN tags, IPv4
 * options, fragments, IPv6 extension headers and 802.3 types, each with what docs/LANGUAGE.md's "Exact
 * packet semantics" say is present: the tokens {@code eth vlan ip ip6 tcp udp icmp icmp6 ip6.next
 * tcp.dport udp.dport icmp.type icmp6.type} in that order, then {@code type=XXXX} (eth.type) and
 * {@code id=N} (vlan.id) when present. Written out by hand from the spec, not computed.
 */
final class BoundaryFrames {
    private BoundaryFrames() {}

    /** A frame, what holds for it, and whether the kernel's test run takes it (at least 14 bytes). */
    record Case(String name, byte[] frame, String expected) {
        boolean kernelTakes() {
            return frame.length >= 14;
        }

        @Override
        public String toString() {
            return name + " (" + frame.length + " bytes)";
        }
    }

    static final String MACS = "020000000001 020000000002";
    static final String V4_TCP = "4500 0028 0001 0000 40 06 0000 0a000001 c6120001";
    static final String V4_TCP_OPTIONS = "4600 002c 0001 0000 40 06 0000 0a000001 c6120001 01010100";
    static final String V4_TCP_IHL4 = "4400 0028 0001 0000 40 06 0000 0a000001 c6120001";
    static final String V4_TCP_LATER_FRAGMENT = "4500 0028 0001 00b9 40 06 0000 0a000001 c6120001";
    static final String V4_TCP_FIRST_FRAGMENT = "4500 0028 0001 2000 40 06 0000 0a000001 c6120001";
    static final String V4_UDP = "4500 001c 0001 0000 40 11 0000 0a000001 c6120001";
    static final String V4_ICMP = "4500 0018 0001 0000 40 01 0000 0a000001 c6120001";
    static final String V4_PROTO_58 = "4500 0018 0001 0000 40 3a 0000 0a000001 c6120001";
    static final String TCP_22 = "9c40 0016 00000001 00000000 5002 ffff 0000 0000";
    static final String UDP_53 = "1388 0035 0008 0000";
    static final String ICMP_8 = "0800 0000";
    static final String ICMP6_128 = "8000 0000";
    static final String HOP_BY_HOP_TO_TCP = "0600 0000 0000 0000";

    static String ipv6(int next, int payload) {
        return String.format("6000 0000 %04x %02x 40", payload, next)
                + "20010db8000000000000000000000001 20010db8000000000000000000000002";
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    static byte[] cut(byte[] frame, int length) {
        return Arrays.copyOf(frame, length);
    }

    static List<Case> all() {
        List<Case> out = new ArrayList<>();
        byte[] v4Tcp = hex(MACS + "0800" + V4_TCP + TCP_22);
        out.add(new Case("ipv4 tcp", v4Tcp, "eth ip tcp tcp.dport type=0800"));
        out.add(new Case("ipv4 tcp, tcp cut by one", cut(v4Tcp, 53), "eth ip tcp type=0800"));
        out.add(new Case("ipv4 tcp, no tcp header", cut(v4Tcp, 34), "eth ip tcp type=0800"));
        out.add(new Case("ipv4 cut by one", cut(v4Tcp, 33), "eth type=0800"));
        out.add(new Case("ethernet only", cut(v4Tcp, 14), "eth type=0800"));
        out.add(new Case("ethernet cut by one", cut(v4Tcp, 13), ""));

        byte[] options = hex(MACS + "0800" + V4_TCP_OPTIONS + TCP_22);
        out.add(new Case("ipv4 options", options, "eth ip tcp tcp.dport type=0800"));
        out.add(new Case("ipv4 options, tcp cut by one", cut(options, 57), "eth ip tcp type=0800"));
        out.add(new Case("ipv4 options, no tcp header", cut(options, 38), "eth ip tcp type=0800"));
        out.add(new Case("ipv4 options cut by one", cut(options, 37), "eth type=0800"));
        out.add(new Case("ipv4 ihl 4", hex(MACS + "0800" + V4_TCP_IHL4 + TCP_22), "eth type=0800"));
        out.add(new Case("ipv4 later fragment", hex(MACS + "0800" + V4_TCP_LATER_FRAGMENT + TCP_22), "eth ip tcp type=0800"));
        out.add(new Case("ipv4 later fragment, no tcp header", hex(MACS + "0800" + V4_TCP_LATER_FRAGMENT), "eth ip tcp type=0800"));
        out.add(new Case("ipv4 first fragment", hex(MACS + "0800" + V4_TCP_FIRST_FRAGMENT + TCP_22), "eth ip tcp tcp.dport type=0800"));

        byte[] v4Udp = hex(MACS + "0800" + V4_UDP + UDP_53);
        out.add(new Case("ipv4 udp", v4Udp, "eth ip udp udp.dport type=0800"));
        out.add(new Case("ipv4 udp cut by one", cut(v4Udp, 41), "eth ip udp type=0800"));
        out.add(new Case("ipv4 udp, no udp header", cut(v4Udp, 34), "eth ip udp type=0800"));
        byte[] v4Icmp = hex(MACS + "0800" + V4_ICMP + ICMP_8);
        out.add(new Case("ipv4 icmp", v4Icmp, "eth ip icmp icmp.type type=0800"));
        out.add(new Case("ipv4 icmp cut by one", cut(v4Icmp, 37), "eth ip icmp type=0800"));
        out.add(new Case("ipv4 protocol 58 is not icmp6", hex(MACS + "0800" + V4_PROTO_58 + ICMP6_128), "eth ip type=0800"));

        byte[] v6Udp = hex(MACS + "86dd" + ipv6(17, 8) + UDP_53);
        out.add(new Case("ipv6 udp", v6Udp, "eth ip6 udp ip6.next udp.dport type=86dd"));
        out.add(new Case("ipv6 udp cut by one", cut(v6Udp, 61), "eth ip6 udp ip6.next type=86dd"));
        out.add(new Case("ipv6, no udp header", cut(v6Udp, 54), "eth ip6 udp ip6.next type=86dd"));
        out.add(new Case("ipv6 cut by one", cut(v6Udp, 53), "eth type=86dd"));
        byte[] v6Icmp = hex(MACS + "86dd" + ipv6(58, 4) + ICMP6_128);
        out.add(new Case("ipv6 icmp6", v6Icmp, "eth ip6 icmp6 ip6.next icmp6.type type=86dd"));
        out.add(new Case("ipv6 icmp6 cut by one", cut(v6Icmp, 57), "eth ip6 icmp6 ip6.next type=86dd"));
        out.add(new Case("ipv6 next 1 is not icmp", hex(MACS + "86dd" + ipv6(1, 4) + ICMP_8), "eth ip6 ip6.next type=86dd"));

        byte[] hopByHop = hex(MACS + "86dd" + ipv6(0, 28) + HOP_BY_HOP_TO_TCP + TCP_22);
        out.add(new Case("ipv6 hop-by-hop tcp", hopByHop, "eth ip6 tcp ip6.next tcp.dport type=86dd"));
        out.add(new Case("ipv6 hop-by-hop, tcp cut by one", cut(hopByHop, 81), "eth ip6 tcp ip6.next type=86dd"));
        out.add(new Case("ipv6 hop-by-hop, no tcp header", cut(hopByHop, 62), "eth ip6 tcp ip6.next type=86dd"));
        out.add(new Case("ipv6 hop-by-hop cut by one", cut(hopByHop, 61), "eth ip6 type=86dd"));
        out.add(new Case("ipv6 hop-by-hop, only its first byte", cut(hopByHop, 55), "eth ip6 type=86dd"));
        out.add(new Case("ipv6 later fragment", hex(MACS + "86dd" + ipv6(44, 16) + "1100 0008 0000 0001" + UDP_53),
                "eth ip6 udp ip6.next type=86dd"));
        out.add(new Case("ipv6 first fragment", hex(MACS + "86dd" + ipv6(44, 16) + "1100 0001 0000 0001" + UDP_53),
                "eth ip6 udp ip6.next udp.dport type=86dd"));
        out.add(new Case("ipv6 fragment header cut by one", cut(hex(MACS + "86dd" + ipv6(44, 16) + "1100 0000 0000 0001" + UDP_53), 61),
                "eth ip6 type=86dd"));
        String hop = "0000 0000 0000 0000";
        out.add(new Case("ipv6 five extension headers", hex(MACS + "86dd" + ipv6(0, 48) + hop + hop + hop + hop + "1100 0000 0000 0000" + UDP_53),
                "eth ip6 ip6.next type=86dd"));

        byte[] oneTag = hex(MACS + "8100 0005 0800" + V4_TCP + TCP_22);
        out.add(new Case("one tag", oneTag, "eth vlan ip tcp tcp.dport type=0800 id=5"));
        out.add(new Case("one tag, tcp cut by one", cut(oneTag, 57), "eth vlan ip tcp type=0800 id=5"));
        out.add(new Case("one tag, no tcp header", cut(oneTag, 38), "eth vlan ip tcp type=0800 id=5"));
        out.add(new Case("one tag, ipv4 cut by one", cut(oneTag, 37), "eth vlan type=0800 id=5"));
        out.add(new Case("one tag, nothing after it", cut(oneTag, 18), "eth vlan type=0800 id=5"));
        out.add(new Case("one tag cut by one", cut(oneTag, 17), "eth type=8100"));
        out.add(new Case("one tag, only its TPID", cut(oneTag, 14), "eth type=8100"));

        byte[] twoTags = hex(MACS + "88a8 0007 8100 0009 0800" + V4_TCP + TCP_22);
        out.add(new Case("two tags", twoTags, "eth vlan ip tcp tcp.dport type=0800 id=7"));
        out.add(new Case("two tags, no tcp header", cut(twoTags, 42), "eth vlan ip tcp type=0800 id=7"));
        out.add(new Case("two tags, ipv4 cut by one", cut(twoTags, 41), "eth vlan type=0800 id=7"));
        out.add(new Case("two tags, nothing after them", cut(twoTags, 22), "eth vlan type=0800 id=7"));
        out.add(new Case("two tags, the inner cut by one", cut(twoTags, 21), "eth vlan type=8100 id=7"));
        out.add(new Case("two tags, the inner's TPID only", cut(twoTags, 18), "eth vlan type=8100 id=7"));

        byte[] threeTags = hex(MACS + "8100 0001 8100 0002 88a8 0003 0800" + V4_TCP + TCP_22);
        out.add(new Case("three tags", threeTags, "eth vlan type=88a8 id=1"));
        out.add(new Case("three tags, the third's TPID only", cut(threeTags, 22), "eth vlan type=88a8 id=1"));

        out.add(new Case("802.3 length 0x0040", hex(MACS + "0040" + V4_TCP + TCP_22), "eth type=0040"));
        out.add(new Case("802.3 length 0x05ff", hex(MACS + "05ff" + V4_TCP + TCP_22), "eth type=05ff"));
        out.add(new Case("ethertype 0x0600", hex(MACS + "0600" + V4_TCP + TCP_22), "eth type=0600"));
        out.add(new Case("one tag then 802.3", hex(MACS + "8100 0005 0040" + V4_TCP + TCP_22), "eth vlan type=0040 id=5"));
        return out;
    }
}
