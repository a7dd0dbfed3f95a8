package dev.sluice.grammar;

import static dev.sluice.grammar.Parsing.errors;
import static dev.sluice.grammar.Parsing.literal;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.dsl.model.Diagnostic;
import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.SourceLocation;
import dev.sluice.dsl.model.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every literal form of docs/LANGUAGE.md's "Lexical rules", and the mistakes in them that the parser reports. */
class LiteralFormsTest {
    static final SourceLocation NOWHERE = SourceLocation.UNKNOWN;

    @Test
    void integers() {
        assertEquals(new Expr.IntLiteral(42, NOWHERE), literal("42"));
        assertEquals(new Expr.IntLiteral(42, NOWHERE), literal("0x2a"));
        assertEquals(new Expr.IntLiteral(42, NOWHERE), literal("0X2A"));
        assertEquals(new Expr.IntLiteral(0, NOWHERE), literal("0"));
        // Unsigned 64-bit: the top of the range is a negative long.
        assertEquals(new Expr.IntLiteral(-1, NOWHERE), literal("18446744073709551615"));
        assertEquals(new Expr.IntLiteral(-1, NOWHERE), literal("0xffffffffffffffff"));
    }

    @Test
    void aNumberOver64BitsIsAnErrorAtItsToken() {
        List<Diagnostic> e = errors("xdp {\n  when x == 18446744073709551616 { }\n}");
        assertEquals(1, e.size(), e.toString());
        assertEquals(Parsing.error("t.ebpf", 2, 13, 20, "'18446744073709551616' is too large for 64 bits (at most 18446744073709551615)"), e.get(0));
        assertTrue(errors("xdp { when x == 0x10000000000000000 { } }").get(0).message().contains("too large for 64 bits"));
    }

    @Test
    void ipv4() {
        assertEquals(new Expr.Ipv4(0xc0000201L, NOWHERE), literal("192.0.2.1"));
        assertEquals(new Expr.Ipv4(0, NOWHERE), literal("0.0.0.0"));
        assertEquals(new Expr.Ipv4(0xffffffffL, NOWHERE), literal("255.255.255.255"));
        assertEquals("'1.2.3.256': 256 is more than 255", errors("xdp { when ip.src == 1.2.3.256 { } }").get(0).message());
    }

    @Test
    void ipv6InEveryForm() {
        assertEquals(new Expr.Ipv6(0x20010db800000000L, 1, NOWHERE), literal("2001:db8::1"));
        assertEquals(new Expr.Ipv6(0, 1, NOWHERE), literal("::1"));
        assertEquals(new Expr.Ipv6(0, 0, NOWHERE), literal("::"));
        assertEquals(new Expr.Ipv6(0xfe80000000000000L, 0, NOWHERE), literal("fe80::"));
        assertEquals(new Expr.Ipv6(0x0001000200030004L, 0x0005000600070008L, NOWHERE), literal("1:2:3:4:5:6:7:8"));
        assertEquals(new Expr.Ipv6(0, 0x0000ffff01020304L, NOWHERE), literal("::ffff:1.2.3.4"));
        assertEquals(new Expr.Ipv6(0x20010db800000000L, 0xabcdL, NOWHERE), literal("2001:DB8::ABCD"));
        assertTrue(errors("xdp { when ip6.src == 1::2::3 { } }").get(0).message().contains("'::' twice"));
    }

    @Test
    void cidrs() {
        assertEquals(new Expr.Cidr(false, 0x0a000000L, 0, 8, NOWHERE), literal("10.0.0.0/8"));
        assertEquals(new Expr.Cidr(false, 0, 0, 0, NOWHERE), literal("0.0.0.0/0"));
        assertEquals(new Expr.Cidr(false, 0xc0000201L, 0, 32, NOWHERE), literal("192.0.2.1/32"));
        assertEquals(new Expr.Cidr(true, 0x20010db800000000L, 0, 32, NOWHERE), literal("2001:db8::/32"));
        assertEquals(new Expr.Cidr(true, 0, 1, 128, NOWHERE), literal("::1/128"));
    }

    @Test
    void aCidrWithHostBitsSuggestsTheNetwork() {
        List<Diagnostic> e = errors("xdp {\n  when ip.src in 10.1.2.3/8 { drop }\n}");
        assertEquals(List.of(Parsing.error("t.ebpf", 2, 18, 10, "'10.1.2.3/8' has host bits set; the network is 10.0.0.0/8")), e);
        assertEquals("'2001:db8::1/32' has host bits set; the network is 2001:db8::/32",
                errors("xdp { when ip6.src in { 2001:db8::1/32 } { } }").get(0).message());
        assertTrue(errors("xdp { when ip.src in 10.0.0.0/33 { } }").get(0).message().contains("0 to 32 bits"));
    }

    @Test
    void macs() {
        assertEquals(new Expr.Mac(0xaabbccddeeffL, NOWHERE), literal("aa:bb:cc:dd:ee:ff"));
        assertEquals(new Expr.Mac(0x001122334455L, NOWHERE), literal("00:11:22:33:44:55"));
        assertEquals(new Expr.Mac(0xaabbccddeeffL, NOWHERE), literal("AA:BB:CC:DD:EE:FF"));
    }

    @Test
    void stringsAndTheirEscapes() {
        assertEquals(new Expr.StringLiteral("a \"quoted\" \\ word\n\tend", NOWHERE), literal("\"a \\\"quoted\\\" \\\\ word\\n\\tend\""));
        assertEquals(new Expr.StringLiteral("", NOWHERE), literal("\"\""));
        Statement.Print p = (Statement.Print) Parsing.script("kprobe f { print \"%d\\n\", arg0 }").programs().get(0).statements().get(0);
        assertEquals("%d\n", p.format());
    }

    @Test
    void anUnknownEscapeIsAnErrorAtTheBackslash() {
        List<Diagnostic> e = errors("kprobe f { print \"a\\qb\" }");
        assertEquals(List.of(Parsing.error("t.ebpf", 1, 20, 2, "unknown escape '\\q' in a string; use \\\", \\\\, \\n or \\t")), e);
    }

    @Test
    void rangesInSetsAndAfterIn() {
        Expr.In in = (Expr.In) Parsing.condition("tcp.dport in {22, 8000..8100, 0x10..0x20}");
        Expr.SetRef.Inline set = (Expr.SetRef.Inline) in.set();
        assertEquals(List.of(new Expr.IntLiteral(22, NOWHERE)), set.members());
        assertEquals(List.of(new Expr.SetRef.Range(8000, 8100, NOWHERE), new Expr.SetRef.Range(16, 32, NOWHERE)), set.ranges());
        assertEquals(new Expr.SetRef.Range(1000, 2000, NOWHERE), ((Expr.In) Parsing.condition("tcp.dport in 1000..2000")).set());
        var named = Parsing.script("set ports = {22, 8000..8100}").sets().get(0);
        assertEquals(List.of(new Expr.IntLiteral(22, new SourceLocation("t.ebpf", 1, 14))), named.members());
        assertEquals(List.of(new Expr.SetRef.Range(8000, 8100, new SourceLocation("t.ebpf", 1, 18))), named.ranges());
    }

    @Test
    void aSingleAddressAfterInIsASetOfOne() {
        assertEquals(new Expr.In(new Expr.Field("ip.src", NOWHERE), new Expr.SetRef.Inline(List.of(new Expr.Cidr(false, 0x0a000000L, 0, 8, NOWHERE))),
                false, NOWHERE), Parsing.condition("ip.src in 10.0.0.0/8"));
    }

    @Test
    void severalLiteralErrorsInOneRun() {
        List<Diagnostic> e = errors("""
                set s = { 10.0.0.1/8, 300.1.1.1 }
                xdp { when x == 99999999999999999999 { drop } }
                """);
        assertEquals(List.of(1, 1, 2), e.stream().map(d -> d.location().line()).toList(), e.toString());
        assertEquals(List.of(11, 23, 17), e.stream().map(d -> d.location().column()).toList(), e.toString());
    }
}
