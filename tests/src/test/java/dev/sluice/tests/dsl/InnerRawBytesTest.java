package dev.sluice.tests.dsl;

import static dev.sluice.dsl.Sluice.inner;
import static dev.sluice.dsl.Sluice.tcIngress;
import static dev.sluice.dsl.Sluice.xdp;
import static dev.sluice.tests.dsl.BoundaryFrames.MACS;
import static dev.sluice.tests.dsl.BoundaryFrames.V4_TCP;
import static dev.sluice.tests.dsl.BoundaryFrames.cut;
import static dev.sluice.tests.dsl.BoundaryFrames.hex;
import static dev.sluice.tests.dsl.BoundaryFrames.ipv6;
import static dev.sluice.tests.dsl.LaterFieldsBoundaryTest.ipv4;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.dsl.model.Verdict;
import dev.sluice.runtime.Kernel;
import dev.sluice.runtime.LoadedProgram;
import dev.sluice.testing.KernelTest;
import dev.sluice.tests.reference.ParsedPacket;
import dev.sluice.tests.reference.ReferenceParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Raw bytes of the packet a tunnel carries (docs/LANGUAGE-RAW-BYTES.md "Raw bytes", "Tunnels"): {@code inner.tcp[13]},
 * {@code inner.payload[0:4] == "GET "}, {@code inner.ip[9]}, {@code inner.eth[12:2]} and an offset read from
 * the inner TCP header, inside VXLAN, Geneve with an option, GRE carrying a frame and GRE carrying IPv4
 * without an Ethernet header (where {@code inner.eth} is absent), and {@code inner.ip6}, {@code inner.udp}
 * and their payload in a tagged frame that VXLAN carries. Each tunnel is cut at every byte of the
 * carried packet; the reference parser says what each rule sees, and the interpreter and the kernel (xdp,
 * tc through BPF_PROG_TEST_RUN) must agree. A few seconds with the kernel.
 */
class InnerRawBytesTest {
    /** IPv4 and TCP (flags 0x18, PSH ACK) to port 80, carrying "GET /": 20 + 20 + 5 bytes. */
    private static final String HTTP = V4_TCP.replace("0028", "002d") + "9c40 0050 00000001 00000000 5018 ffff 0000 0000" + "474554202f";
    private static final String FRAME = MACS + "0800" + HTTP;

    /** A tunnel: the bytes before the carried packet, the packet, and the rules that hold on the whole frame. */
    private record Tunnel(String name, String outer, String carried, List<String> holdWhole) {}

    /** The HTTP rules that hold on a tunnel carrying {@link #HTTP}, in a frame or not, by UDP or not. */
    private static List<String> http(boolean frame, boolean udp) {
        List<String> out = new ArrayList<>(List.of("inner.payload[0:4] == \"GET \"", "inner.tcp[13] == 24", "inner.ip[9] == 6",
                "inner.ip[16:4] == 3323068417", "inner.tcp[((inner.tcp[12] & 0xf0) >> 2):4] == 0x47455420"));
        if (frame) out.add("inner.eth[12:2] == 2048");
        if (udp) out.add("inner.tcp[2:2] == 80 and udp[2:2] in {4789, 6081}");
        return out;
    }

    private static final List<Tunnel> TUNNELS = List.of(
            new Tunnel("vxlan", MACS + "0800" + ipv4(0, 17, 36 + 59) + "1388 12b5 0000 0000" + "0800 0000 00002a00", FRAME, http(true, true)),
            new Tunnel("geneve with an option word", MACS + "0800" + ipv4(0, 17, 40 + 59) + "1388 17c1 0000 0000" + "0100 6558 00000700" + "01020304",
                    FRAME, http(true, true)),
            new Tunnel("gre with a key carrying a frame over ipv6", MACS + "86dd" + ipv6(47, 8 + 59) + "2000 6558 0000002a", FRAME, http(true, false)),
            new Tunnel("gre carrying ipv4", MACS + "0800" + ipv4(0, 47, 24 + 45) + "0000 0800", HTTP, http(false, false)),
            // A tagged frame: the inner network header starts 4 bytes further than inner.eth[12:2] (the tag's TPID).
            new Tunnel("vxlan carrying a tagged frame, ipv6 and udp", MACS + "0800" + ipv4(0, 17, 36 + 70) + "1388 12b5 0000 0000" + "0800 0000 00002a00",
                    MACS + "8100 0005 86dd" + ipv6(17, 12) + "1388 0035 000c 0000" + "01020304",
                    List.of("inner.ip6[6] == 17", "inner.udp[2:2] == 53", "inner.payload[0:4] == 16909060", "not inner.payload[1:2] == 0x4554")));

    /** A rule's condition and what it is by the reference's reading of the packet. */
    private record Rule(String condition, Function<ParsedPacket, Boolean> holds) {
        static Rule equals(String header, int offset, int size, long value) {
            String read = header + "[" + offset + (size == 1 ? "" : ":" + size) + "]";
            return new Rule(read + " == " + value, p -> p.raw(header, offset, size).map(v -> v == value).orElse(false));
        }
    }

    private static final List<Rule> RULES = List.of(
            new Rule("inner.payload[0:4] == \"GET \"", p -> p.raw("inner.payload", 0, 4).map(v -> v == 0x47455420L).orElse(false)),
            Rule.equals("inner.tcp", 13, 1, 0x18),
            Rule.equals("inner.ip", 9, 1, 6),
            Rule.equals("inner.eth", 12, 2, 0x0800),
            Rule.equals("inner.ip", 16, 4, 0xc6120001L),
            Rule.equals("inner.ip6", 6, 1, 17),
            Rule.equals("inner.udp", 2, 2, 53),
            Rule.equals("inner.payload", 0, 4, 0x01020304),
            new Rule("inner.tcp[((inner.tcp[12] & 0xf0) >> 2):4] == 0x47455420", p -> {
                Optional<Long> dataOffset = p.raw("inner.tcp", 12, 1);
                return dataOffset.flatMap(d -> p.raw("inner.tcp", (d & 0xf0) >> 2, 4)).map(v -> v == 0x47455420L).orElse(false);
            }),
            new Rule("not inner.payload[1:2] == 0x4554", p -> !p.raw("inner.payload", 1, 2).map(v -> v == 0x4554).orElse(false)),
            // The outer layer's bytes stay the outer packet's in the same program.
            new Rule("inner.tcp[2:2] == 80 and udp[2:2] in {4789, 6081}",
                    p -> p.raw("inner.tcp", 2, 2).map(v -> v == 80).orElse(false) && p.raw("udp", 2, 2).map(v -> v == 4789 || v == 6081).orElse(false)));

    /** A frame and the reference's reading of it, parsed once for every rule. */
    private record Cut(byte[] frame, ParsedPacket reference) {
        @Override
        public String toString() {
            return java.util.HexFormat.of().formatHex(frame);
        }
    }

    /** Every tunnel whole and cut at every byte of the carried packet. */
    private static final List<Cut> CUTS = cuts();

    private static List<Cut> cuts() {
        List<Cut> out = new ArrayList<>();
        for (Tunnel t : TUNNELS) {
            byte[] whole = hex(t.outer() + t.carried());
            for (int length = hex(t.outer()).length; length <= whole.length; length++) {
                byte[] frame = cut(whole, length);
                out.add(new Cut(frame, ReferenceParser.parseFrame(frame)));
            }
        }
        return List.copyOf(out);
    }

    private static Verdict expected(Rule rule, Cut c) {
        return rule.holds().apply(c.reference()) ? new Verdict.Drop() : new Verdict.Pass();
    }

    @Test
    void theSpecsExamplesHoldOnTheWholeTunnels() {
        // The reference itself, on the frames whole (inner.eth is absent under GRE carrying IP; the 'not' holds where "ET" is not there).
        for (Tunnel t : TUNNELS) {
            ParsedPacket p = ReferenceParser.parseFrame(hex(t.outer() + t.carried()));
            for (Rule r : RULES) assertEquals(t.holdWhole().contains(r.condition()), r.holds().apply(p), t.name() + ": " + r.condition());
        }
    }

    @Test
    void theInterpreterAgreesWithTheReferenceAtEveryCut() {
        for (Rule rule : RULES) {
            CompiledProgram p = Scripted.compile("xdp { when " + rule.condition() + " { drop } }").get(0);
            for (Cut c : CUTS) assertEquals(expected(rule, c), p.interpret(c.frame()), () -> rule.condition() + ", " + c);
        }
    }

    @Test
    @KernelTest
    void theKernelAgreesWithTheReferenceAtEveryCut() {
        for (String hook : List.of("xdp", "tc ingress")) {
            for (Rule rule : RULES) {
                CompiledProgram compiled = Scripted.compile(hook + " { when " + rule.condition() + " { drop } }").get(0);
                try (LoadedProgram loaded = Kernel.load(compiled)) {
                    for (Cut c : CUTS) assertEquals(expected(rule, c), loaded.testRun(c.frame()), () -> hook + ": " + rule.condition() + ", " + c);
                }
            }
        }
    }

    @Test
    void allRulesInOneProgramReadTheirOwnBytes() {
        // Several inner starts and the outer ones share the stack: each rule counts exactly where it holds alone.
        StringBuilder script = new StringBuilder("xdp {\n");
        for (int i = 0; i < RULES.size(); i++) script.append("  when ").append(RULES.get(i).condition()).append(" { count r").append(i).append(" }\n");
        var interpreter = Scripted.compile(script.append("}\n").toString()).get(0).interpreter();
        for (Cut c : CUTS) {
            var before = PacketBoundaryTest.byName(interpreter.counters());
            interpreter.run(c.frame());
            var delta = PacketBoundaryTest.minus(PacketBoundaryTest.byName(interpreter.counters()), before);
            for (int i = 0; i < RULES.size(); i++) {
                assertEquals(RULES.get(i).holds().apply(c.reference()), delta.getOrDefault("r" + i, 0L) > 0, RULES.get(i).condition() + ", " + c);
            }
        }
    }

    @Test
    void badInnerRawBytesAreLocatedErrors() {
        assertError("socket { when inner.tcp[13] == 2 { drop } }", "test.ebpf:1:15: inner.tcp is not available in socket programs");
        assertError("xdp { when inner.vlan[0] == 1 { drop } }",
                "test.ebpf:1:12: raw bytes read inner.eth, inner.ip, inner.ip6, inner.tcp, inner.udp, inner.icmp, inner.icmp6, inner.sctp,"
                        + " inner.arp, inner.payload, not inner.vlan");
        assertError("xdp { when inner.paylod[0] == 1 { drop } }", "did you mean inner.payload?");
        // A second layer is refused at the second inner, in every hook that reads the inner layer.
        assertError("xdp { when inner.inner.tcp[0] == 1 { drop } }", "test.ebpf:1:18: inner.inner: Sluice reads one tunnel level;"
                + " inner.inner.tcp would read a tunnel inside the inner packet, which is not followed (inner.tcp reads the packet"
                + " the outer tunnel carries)");
        assertError("cgroup egress { when inner.inner.payload[0:4] == \"GET \" { drop } }", "test.ebpf:1:28: inner.inner: Sluice reads one tunnel level;");
        assertError("xdp { when outer.tcp[0] == 1 { drop } }", "test.ebpf:1:12: raw bytes read eth, ip");
        assertError("xdp { when inner.tcp[0:3] == 1 { drop } }", "test.ebpf:1:12: raw bytes read 1, 2 or 4 bytes, not 3");
        assertError("xdp { when inner.payload[0:4] == \"GET\" { drop } }", "\"GET\" is 3 bytes but inner.payload[...:4] reads 4");
        assertError("cgroup device { when inner.tcp[0] == 1 { drop } }", "raw bytes read a packet, which cgroup device programs do not have");
    }

    @Test
    void javaRulesCompileToTheScriptsBytes() {
        same(xdp().when(inner().tcp().at(13).eq(2)).drop(), "xdp { when inner.tcp[13] == 2 { drop } }");
        same(xdp().when(inner().payload().bytes(0, 4).eq("GET ")).drop(), "xdp { when inner.payload[0:4] == \"GET \" { drop } }");
        same(tcIngress().when(inner().ip().bytes(12, 4).ne(0xc6120001L).and(inner().udp().bytes(2, 2).in(53, 5353))).drop(),
                "tc ingress { when inner.ip[12:4] != 0xc6120001 and inner.udp[2:2] in {53, 5353} { drop } }");
        same(xdp().when(inner().ip6().at(6).ge(6).or(inner().icmp6().at(0).lt(128)).or(inner().icmp().bytes(4, 2).gt(7))
                        .or(inner().sctp().at(0).le(1)).or(inner().arp().bytes(6, 2).notIn(1)).or(inner().eth().bytes(12, 2).eq(0x0800))).drop(),
                "xdp { when inner.ip6[6] >= 6 or inner.icmp6[0] < 128 or inner.icmp[4:2] > 7 or inner.sctp[0] <= 1"
                        + " or inner.arp[6:2] not in {1} or inner.eth[12:2] == 0x0800 { drop } }");
    }

    private static void same(dev.sluice.dsl.model.Program rule, String script) {
        CompiledProgram fromJava = dev.sluice.compiler.SluiceCompiler.compile(rule);
        CompiledProgram fromScript = Scripted.compile(script).get(0);
        assertEquals(java.util.HexFormat.of().formatHex(fromScript.code().encode()), java.util.HexFormat.of().formatHex(fromJava.code().encode()));
    }

    private static void assertError(String script, String expected) {
        List<String> errors = Scripted.errors(script);
        assertTrue(errors.stream().anyMatch(e -> e.contains(expected)), () -> "wanted " + expected + " in " + errors);
    }
}
