package dev.sluice.tests.reference;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ReferenceParserTest {
    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    static final String ETH = "aabbccddeeff 020000000001";
    static final String IPV4_TCP = "4500 0028 1234 0000 40 06 0000 0a000001 c6120001";
    static final String TCP_22 = "c000 0016 00000000 00000000 5012 ffff 0000 0000";

    @Test
    void tcpOverIpv4() {
        ParsedPacket p = ReferenceParser.parseFrame(hex(ETH + "0800" + IPV4_TCP + TCP_22));
        assertTrue(p.is("eth") && p.is("ip") && p.is("tcp"));
        assertFalse(p.is("udp") || p.is("ip6") || p.is("vlan"));
        assertEquals(22L, p.integer("tcp.dport").orElseThrow());
        assertEquals(0xc000L, p.integer("tcp.sport").orElseThrow());
        assertEquals(0x12L, p.integer("tcp.flags").orElseThrow());
        assertEquals(6L, p.integer("ip.proto").orElseThrow());
        assertArrayEquals(Pools.ip4(10, 0, 0, 1), p.address("ip.src").orElseThrow());
        assertEquals(0x0800L, p.integer("eth.type").orElseThrow());
    }

    @Test
    void twoVlanTagsThenIpv4() {
        ParsedPacket p = ReferenceParser.parseFrame(hex(ETH + "88a8 0123 8100 0456 0800" + IPV4_TCP + TCP_22));
        assertEquals(0x123L, p.integer("vlan.id").orElseThrow());
        assertEquals(0x0800L, p.integer("eth.type").orElseThrow());
        assertEquals(22L, p.integer("tcp.dport").orElseThrow());
    }

    @Test
    void aThirdTagHidesTheNetworkLayer() {
        ParsedPacket p = ReferenceParser.parseFrame(hex(ETH + "8100 0001 8100 0002 8100 0003 0800" + IPV4_TCP + TCP_22));
        assertEquals(0x8100L, p.integer("eth.type").orElseThrow());
        assertFalse(p.is("ip"));
        assertTrue(p.is("vlan"));
    }

    @Test
    void laterFragmentKeepsTheBareTestButNotThePorts() {
        String frag = "4500 0028 1234 00b9 40 06 0000 0a000001 c6120001";
        ParsedPacket p = ReferenceParser.parseFrame(hex(ETH + "0800" + frag + TCP_22));
        assertTrue(p.is("tcp"));
        assertTrue(p.integer("tcp.dport").isEmpty());
    }

    @Test
    void ipOptionsMoveTheTransportHeader() {
        String withOptions = "4600 002c 1234 0000 40 11 0000 0a000001 c6120001 01010100";
        ParsedPacket p = ReferenceParser.parseFrame(hex(ETH + "0800" + withOptions + "1234 0035 0008 0000"));
        assertEquals(53L, p.integer("udp.dport").orElseThrow());
    }

    @Test
    void cutTransportHeaderIsAbsent() {
        byte[] whole = hex(ETH + "0800" + IPV4_TCP + TCP_22);
        ParsedPacket p = ReferenceParser.parseFrame(java.util.Arrays.copyOf(whole, whole.length - 1));
        assertTrue(p.is("tcp"));
        assertTrue(p.integer("tcp.dport").isEmpty());
        assertTrue(p.is("ip"));
    }

    @Test
    void ipv6ExtensionHeadersAreSkipped() {
        String v6 = "6000 0000 0018 00 40" + "20010db8000000000000000000000001" + "20010db8000000000000000000000002";
        String hopByHop = "2c00 0000 0000 0000"; // next = fragment
        String fragment = "1100 0000 0000 0000"; // next = udp, offset 0
        ParsedPacket p = ReferenceParser.parseFrame(hex(ETH + "86dd" + v6 + hopByHop + fragment + "1234 0035 0008 0000"));
        assertEquals(17L, p.integer("ip6.next").orElseThrow());
        assertEquals(53L, p.integer("udp.dport").orElseThrow());
    }

    @Test
    void fiveExtensionHeadersStopAtTheFifth() {
        String v6 = "6000 0000 0030 00 40" + "20010db8000000000000000000000001" + "20010db8000000000000000000000002";
        String hop = "0000 0000 0000 0000";
        String last = "1100 0000 0000 0000";
        ParsedPacket p = ReferenceParser.parseFrame(hex(ETH + "86dd" + v6 + hop + hop + hop + hop + last + "1234 0035 0008 0000"));
        assertEquals(0L, p.integer("ip6.next").orElseThrow());
        assertFalse(p.is("udp"));
        assertTrue(p.integer("udp.dport").isEmpty());
    }

    /**
     * Inner raw bytes start where the tunnel's packet does, keyed under "inner." (the names the rule model
     * writes: inner.tcp, inner.payload), one level only; GRE carrying IP has no inner.eth.
     */
    @Test
    void innerHeadersStartWhereTheTunnelsPacketDoes() {
        String udpVxlan = "4500 0000 1234 0000 40 11 0000 0a000001 c6120001" + "c000 12b5 0000 0000" + "0800 0000 00002a00";
        ParsedPacket vxlan = ReferenceParser.parseFrame(hex(ETH + "0800" + udpVxlan + ETH + "0800" + IPV4_TCP + TCP_22));
        assertEquals(java.util.Map.of("eth", 0, "ip", 14, "udp", 34, "payload", 42, "inner.eth", 50, "inner.ip", 64, "inner.tcp", 84,
                "inner.payload", 104), vxlan.headerStarts());
        assertEquals(22L, vxlan.raw("inner.tcp", 2, 2).orElseThrow());
        assertEquals(6L, vxlan.raw("inner.ip", 9, 1).orElseThrow());
        assertEquals(0x0800L, vxlan.raw("inner.eth", 12, 2).orElseThrow());
        // Past the end (the inner TCP header ends the frame), and from a header that is not there.
        assertTrue(vxlan.raw("inner.payload", 0, 1).isEmpty());
        assertTrue(vxlan.raw("inner.tcp", 18, 4).isEmpty());
        assertTrue(vxlan.raw("inner.udp", 0, 1).isEmpty());
        String greIp = "4500 0000 1234 0000 40 2f 0000 0a000001 c6120001" + "0000 0800";
        ParsedPacket gre = ReferenceParser.parseFrame(hex(ETH + "0800" + greIp + IPV4_TCP + TCP_22));
        assertEquals(java.util.Map.of("eth", 0, "ip", 14, "inner.ip", 38, "inner.tcp", 58, "inner.payload", 78), gre.headerStarts());
        // A tunnel inside the inner packet is not followed: no inner.inner keys.
        ParsedPacket twice = ReferenceParser.parseFrame(hex(ETH + "0800" + udpVxlan + ETH + "0800" + udpVxlan + ETH + "0800" + IPV4_TCP + TCP_22));
        assertEquals(java.util.Set.of("eth", "ip", "udp", "payload", "inner.eth", "inner.ip", "inner.udp", "inner.payload"),
                twice.headerStarts().keySet());
    }

    @Test
    void shortFrameHasOnlyItsLength() {
        ParsedPacket p = ReferenceParser.parseFrame(new byte[10]);
        assertFalse(p.is("eth"));
        assertEquals(10L, p.integer("pkt.len").orElseThrow());
    }

    @Property(tries = 2000)
    void randomFramesParseWithoutErrors(@ForAll("frames") byte[] frame) {
        ParsedPacket p = ReferenceParser.parseFrame(frame);
        assertEquals((long) frame.length, p.integer("pkt.len").orElseThrow());
        if (p.integer("tcp.dport").isPresent()) assertTrue(p.is("tcp"));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<byte[]> frames() {
        return RandomPackets.frames();
    }
}
