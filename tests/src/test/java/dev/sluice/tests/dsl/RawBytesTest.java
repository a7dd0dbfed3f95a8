package dev.sluice.tests.dsl;

import static dev.sluice.dsl.Sluice.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.compiler.Verdicts;
import dev.sluice.dsl.model.Program;
import dev.sluice.testing.FrameBuilder;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Raw bytes ({@code tcp[13]}, {@code payload[0:4] == "GET "}, docs/LANGUAGE-RAW-BYTES.md "Raw bytes") in the
 * interpreter, their errors, and the Java DSL's parity with scripts. The kernel runs them in
 * ModelPropertiesTest, RawBytesBoundaryTest and RawBytesKernelTest. No kernel; about 1 s.
 */
class RawBytesTest {
    private static final byte[] GET = FrameBuilder.ethernet().ipv4("198.18.0.1", "198.18.0.2").tcp(40000, 80).payload("GET / HTTP/1.1\r\n").build();
    private static final byte[] POST = FrameBuilder.ethernet().ipv4("198.18.0.1", "198.18.0.2").tcp(40000, 80).payload("POST / HTTP/1.1\r\n").build();

    private static String verdict(String script, byte[] frame) {
        CompiledProgram p = Scripted.compile(script).get(0);
        return Verdicts.name(p.interpret(frame));
    }

    @Test
    void theSpecsHttpGetExamples() {
        String computed = "xdp { when tcp[((tcp[12] & 0xf0) >> 2):4] == 0x47455420 { drop } }";
        String text = "xdp { when payload[0:4] == \"GET \" { drop } }";
        for (String script : List.of(computed, text)) {
            assertEquals("drop", verdict(script, GET), script);
            assertEquals("pass", verdict(script, POST), script);
        }
        byte[] v6 = FrameBuilder.ethernet().ipv6("2001:db8::1", "2001:db8::2").tcp(40000, 80).payload("GET /").build();
        assertEquals("drop", verdict(text, v6));
        assertEquals("drop", verdict(computed, v6));
    }

    @Test
    void everyHeaderCountsFromItsStart() {
        byte[] tcp = FrameBuilder.ethernet().ipv4("198.18.0.1", "198.18.0.2").ttl(17).tcp(40000, 80).flags(FrameBuilder.SYN).build();
        assertEquals("drop", verdict("xdp { when eth[12:2] == 0x0800 and ip[8] == 17 and ip[12:4] == 0xc6120001 { drop } }", tcp));
        assertEquals("drop", verdict("xdp { when not udp[0] == 0 { drop } }", tcp));
        assertEquals("drop", verdict("xdp { when tcp[13] == 2 and tcp[0:2] == 40000 and tcp[2:2] == 80 { drop } }", tcp));
        assertEquals("pass", verdict("xdp { when udp[0] == 0 or udp[0] != 0 { drop } }", tcp));
        byte[] udp = FrameBuilder.ethernet().ipv6("2001:db8::1", "2001:db8::2").udp(5353, 53).payload("abcd").build();
        assertEquals("drop", verdict("xdp { when ip6[6] == 17 and udp[2:2] == 53 and payload[0:2] == \"ab\" and payload[3] == 0x64 { drop } }", udp));
        byte[] icmp = FrameBuilder.ethernet().ipv4("198.18.0.1", "198.18.0.2").icmp(8, 0).payload("ping").build();
        assertEquals("drop", verdict("xdp { when icmp[0] == 8 and payload[0:4] == \"ping\" { drop } }", icmp));
        byte[] sctp = FrameBuilder.ethernet().ipv4("198.18.0.1", "198.18.0.2").sctp(5000, 3868).payload("data").build();
        assertEquals("drop", verdict("xdp { when sctp[2:2] == 3868 and not payload[0] == 0x64 { drop } }", sctp));
        byte[] arp = FrameBuilder.ethernet().arp().build();
        assertEquals("drop", verdict("xdp { when arp[0:2] == 1 and arp[2:2] == 0x0800 { drop } }", arp));
        // cgroup programs start at the network header: eth is absent, ip counts from their first byte.
        assertEquals("drop", verdict("cgroup egress { when not eth[0] == 0 and ip[9] == 6 { drop } }", tcp));
    }

    @Test
    void aReadPastTheEndIsFalseAndNotOfItTrue() {
        byte[] get = GET;
        int payloadLength = "GET / HTTP/1.1\r\n".length();
        assertEquals("drop", verdict("xdp { when payload[" + (payloadLength - 4) + ":4] == 0x2e310d0a { drop } }", get));
        assertEquals("pass", verdict("xdp { when payload[" + (payloadLength - 3) + ":4] == 0x2e310d0a or payload[" + (payloadLength - 3) + ":4] != 0x2e310d0a { drop } }", get));
        assertEquals("drop", verdict("xdp { when not payload[" + payloadLength + "] == 0 { drop } }", get));
        assertEquals("pass", verdict("xdp { when payload[65531:4] == 0 or tcp[tcp[12] * 1000] == 0 { drop } }", get));
        // TCP's data offset below 5 leaves no payload.
        byte[] bad = get.clone();
        bad[14 + 20 + 12] = 0x40;
        assertEquals("pass", verdict("xdp { when payload[0] == 0x47 or payload[0] != 0x47 { drop } }", bad));
        assertEquals("drop", verdict("xdp { when tcp[0] != 0 { drop } }", bad));
    }

    @Test
    void inTakesNumbersAndRanges() {
        assertEquals("drop", verdict("xdp { when payload[0] in {0x47, 0x50} { drop } }", GET));
        assertEquals("drop", verdict("xdp { when payload[0] not in 0x48..0x4f { drop } }", GET));
        assertEquals("pass", verdict("xdp { when payload[100] not in {1} { drop } }", GET));
    }

    @Test
    void badRawBytesAreLocatedErrors() {
        assertError("xdp {\n when tcp[0:3] == 1 { drop } }", "test.ebpf:2:7: raw bytes read 1, 2 or 4 bytes, not 3");
        assertError("xdp { when vlan[0] == 1 { drop } }", "test.ebpf:1:12: raw bytes read eth, ip, ip6, tcp, udp, icmp, icmp6, sctp, arp, payload, not vlan");
        assertError("xdp { when paylod[0] == 1 { drop } }", "did you mean payload?");
        assertError("xdp { when payload[0:4] == \"GET\" { drop } }", "test.ebpf:1:28: \"GET\" is 3 bytes but payload[...:4] reads 4");
        assertError("xdp { when tcp[0] == 256 { drop } }", "test.ebpf:1:22: 256 is out of range for tcp[...:1] (0 to 255)");
        assertError("xdp { when tcp[65534:2] == 1 { drop } }", "test.ebpf:1:16: offset 65534 is too large: raw bytes read within a packet's first 65535 bytes, so a 2-byte read takes offsets 0 to 65533");
        assertError("xdp { when tcp[0 - 1] == 1 { drop } }", "offset -1 is negative");
        assertError("xdp { when tcp.dport == \"GET \" { drop } }", "test.ebpf:1:25:");
        assertError("socket { when tcp[65534:2] == 1 { drop } }", "test.ebpf:1:19: offset 65534 is too large");
        assertError("cgroup device { when tcp[0] == 1 { drop } }", "test.ebpf:1:22: raw bytes read a packet, which cgroup device programs do not have");
        assertError("kprobe do_sys_openat2 { when payload[0] == 1 { count x } }", "raw bytes read a packet, which kprobe programs do not have");
        assertError("xdp { when payload[0] in s { drop } }\nset s = {1}", "not a named set");
    }

    private static void assertError(String script, String expected) {
        List<String> errors = Scripted.errors(script);
        assertTrue(errors.stream().anyMatch(e -> e.contains(expected)), () -> "wanted " + expected + " in " + errors);
    }

    @Test
    void javaRulesCompileToTheScriptsBytes() {
        same(xdp().when(tcp().at(13).eq(2)).drop(), "xdp { when tcp[13] == 2 { drop } }");
        same(xdp().when(payload().bytes(0, 4).eq("GET ")).drop(), "xdp { when payload[0:4] == \"GET \" { drop } }");
        same(tcIngress().when(ip().bytes(12, 4).ne(0xc6120001L).and(udp().bytes(2, 2).in(53, 5353))).drop(),
                "tc ingress { when ip[12:4] != 0xc6120001 and udp[2:2] in {53, 5353} { drop } }");
        same(cgroupEgress().when(ip6().at(6).ge(6).or(icmp6().at(0).lt(128)).or(icmp().bytes(4, 2).gt(7)).or(sctp().at(0).le(1))
                        .or(arp().bytes(6, 2).notIn(1)).or(eth().bytes(12, 2).eq(0x0800))).drop(),
                "cgroup egress { when ip6[6] >= 6 or icmp6[0] < 128 or icmp[4:2] > 7 or sctp[0] <= 1 or arp[6:2] not in {1} or eth[12:2] == 0x0800 { drop } }");
    }

    private static void same(Program java, String script) {
        CompiledProgram fromJava = SluiceCompiler.compile(java);
        CompiledProgram fromScript = Scripted.compile(script).get(0);
        assertEquals(HexFormat.of().formatHex(fromScript.code().encode()), HexFormat.of().formatHex(fromJava.code().encode()));
    }
}
