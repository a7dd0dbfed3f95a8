package dev.sluice.grammar.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.dsl.model.PcapArith;
import dev.sluice.dsl.model.PcapExpr;
import dev.sluice.dsl.model.PcapFilter;
import dev.sluice.dsl.model.PcapProtocol;
import dev.sluice.dsl.model.PcapQualifiers;
import dev.sluice.dsl.model.PcapValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PcapGrammarTest {
    private static PcapExpr parse(String text) {
        PcapFilter f = dev.sluice.dsl.model.PcapFilters.parse(text);
        if (f instanceof PcapFilter.Invalid bad) throw new AssertionError(bad.render());
        return ((PcapFilter.Parsed) f).expr().orElseThrow();
    }

    @Test
    void theServiceIsFound() {
        assertInstanceOf(PcapFilter.Parsed.class, dev.sluice.dsl.model.PcapFilters.parse("tcp port 22"));
        assertTrue(((PcapFilter.Parsed) dev.sluice.dsl.model.PcapFilters.parse("  ")).matchesAll());
    }

    @Test
    void aBareValueTakesTheQualifiersBeforeIt() {
        PcapExpr e = parse("tcp dst port 22 or 80");
        PcapExpr.Or or = assertInstanceOf(PcapExpr.Or.class, e);
        PcapExpr.Primitive right = assertInstanceOf(PcapExpr.Primitive.class, or.right());
        assertEquals(new PcapQualifiers(PcapProtocol.TCP, PcapQualifiers.Direction.DST, PcapQualifiers.Kind.PORT), right.qualifiers());
        assertEquals(new PcapValue.Number(80), right.value());
        assertEquals(20, right.column());
    }

    @Test
    void andAndOrShareOnePrecedenceLeftToRight() {
        PcapExpr e = parse("tcp or udp and icmp");
        PcapExpr.And and = assertInstanceOf(PcapExpr.And.class, e);
        assertInstanceOf(PcapExpr.Or.class, and.left());
    }

    @Test
    void networksTakeLibpcapsMasks() {
        assertEquals(new PcapValue.Ipv4(0x0a000000L, 0xff000000L), ((PcapExpr.Primitive) parse("net 10")).value());
        assertEquals(new PcapValue.Ipv4(0x0a010000L, 0xffff0000L), ((PcapExpr.Primitive) parse("host 10.1")).value());
        assertEquals(new PcapValue.Ipv4(0xc0a80000L, 0xffff0000L), ((PcapExpr.Primitive) parse("net 192.168.0.0/16")).value());
        assertEquals(new PcapValue.Ipv4(0xc000a800L, 0xff00ff00L), ((PcapExpr.Primitive) parse("net 192.0.168.0 mask 255.0.255.0")).value());
        assertEquals(new PcapValue.PortRange(1000, 2000), ((PcapExpr.Primitive) parse("portrange 1000-2000")).value());
        assertEquals(new PcapValue.Mac(0x0102030405ffL), ((PcapExpr.Primitive) parse("ether src 1:2:3:4:5:ff")).value());
        assertInstanceOf(PcapValue.Ipv6.class, ((PcapExpr.Primitive) parse("ip6 net 2001:db8::/32")).value());
    }

    @Test
    void accessorsAndNamedConstants() {
        PcapExpr.Relation r = assertInstanceOf(PcapExpr.Relation.class, parse("tcp[tcpflags] & (tcp-syn|tcp-ack) != 0"));
        PcapArith.Binary and = assertInstanceOf(PcapArith.Binary.class, r.left());
        assertEquals(new PcapArith.Load(PcapProtocol.TCP, new PcapArith.Number(13), 1), and.left());
        parse("tcp[((tcp[12] & 0xf0) >> 2):4] = 0x47455420");
        parse("ip[6:2] & 0x1fff != 0 and len > 100 and -1 = 0xffffffff");
        parse("vlan 100 and mpls and pppoes 3 and geneve 7 and ip6 protochain 6 and ether proto \\ip");
        parse("not (src host 1.2.3.4 or dst net 10.0.0.0/8) and not port 53 or !tcp");
        parse("host 1.2.3.4 and (5.6.7.8 or 9.9.9.9)");
        parse("ether multicast or broadcast or less 60 or greater 1500 or ip multicast or ip6 multicast");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "host example.com|6|`example.com` is a name",
        "tcp and inbound|9|`inbound` needs the capture's direction",
        "gateway 1.2.3.4|1|`gateway` needs host names",
        "port ssh|6|port names need the services database",
        "ip broadcast|1|`ip broadcast` needs the capture's netmask",
        "tcp port 70000|10|illegal port number 70000",
        "tcp host 1.2.3.4|10|'tcp' modifier applied to host",
        "net 10.0.0.1/8|5|non-network bits set",
        "decnet host 10|1|`decnet` is a protocol family",
        "tcp port|9|syntax error at the end",
        "host 1.2.3.4 and 22 or|23|syntax error",
        "ip[0:3] = 1|6|data size must be 1, 2, or 4",
        "ip[0] / 0 = 1|7|division by zero",
        "vlan 5000|6|vlan number 5000 is greater",
        "type mgt|1|`type` is for 802.11 frames",
        "host 1:2:3:4:5:6|6|ethernet address used in non-ether expression",
    })
    void refusalsAreLocated(String text, int column, String message) {
        PcapFilter.Invalid bad = assertInstanceOf(PcapFilter.Invalid.class, dev.sluice.dsl.model.PcapFilters.parse(text), text);
        assertEquals(column, bad.column(), bad.render());
        assertTrue(bad.message().contains(message), bad.render());
        assertTrue(bad.render().startsWith("<filter>:1:" + column + ": "), bad.render());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ip6 and udp", "arp or rarp", "sctp", "igmp", "icmp6", "ether[0] & 1 != 0",
        "ip proto 47", "proto \\udp", "src or dst host 10.0.0.1", "byte 23 = 6", "pppoed", "ether host aa-bb-cc-dd-ee-ff"})
    void everydayFiltersParse(String text) {
        parse(text);
    }
}
