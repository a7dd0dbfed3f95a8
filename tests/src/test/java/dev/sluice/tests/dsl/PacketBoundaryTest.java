package dev.sluice.tests.dsl;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.testing.KernelTest;
import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.CounterValue;
import dev.sluice.dsl.model.Verdict;
import dev.sluice.runtime.Kernel;
import dev.sluice.runtime.LoadedProgram;
import dev.sluice.tests.reference.ParsedPacket;
import dev.sluice.tests.reference.ReferenceParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * docs/LANGUAGE.md's presence rules at every header boundary ({@link BoundaryFrames}): bare {@code tcp},
 * {@code udp}, {@code icmp}, {@code icmp6} are the protocol number whenever the IP headers before
 * them are there (cut or missing L4 header, later fragments), their fields need the whole fixed
 * header; a cut VLAN tag is absent with everything after it and leaves eth.type at its TPID; a
 * third tag and 802.3 types leave no IP. Checked for scripts as compiled (the parser emits only
 * what a program reads, so one program per test as well as one reading everything), in the
 * interpreter and in the kernel as XDP, and for the reference parser the property tests use.
 */
class PacketBoundaryTest {
    static final List<String> TOKENS = List.of("eth", "vlan", "ip", "ip6", "tcp", "udp", "icmp", "icmp6", "ip6.next", "tcp.dport",
            "udp.dport", "icmp.type", "icmp6.type");

    /** Every test and field at once; eth.type and vlan.id summed (each frame runs alone). */
    static final String EVERYTHING;

    static {
        StringBuilder s = new StringBuilder("xdp everything {\n");
        for (String t : TOKENS) s.append("  when ").append(condition(t)).append(" { count ").append(counter(t)).append(" }\n");
        EVERYTHING = s.append("  sum ethertype eth.type\n  sum vlanid vlan.id\n}\n").toString();
    }

    static String condition(String token) {
        return token.contains(".") ? token + " >= 0" : token;
    }

    static String counter(String token) {
        return "saw_" + token.replace('.', '_');
    }

    /** Every case whose reading differs from the spec's, as "case: expected / got" lines (all of them, not just the first). */
    static void assertEveryCase(Function<BoundaryFrames.Case, String> reading, boolean kernel) {
        List<String> wrong = new ArrayList<>();
        for (BoundaryFrames.Case c : BoundaryFrames.all()) {
            if (kernel && !c.kernelTakes()) continue;
            String got = reading.apply(c);
            if (!got.equals(c.expected())) wrong.add(c + ": expected [" + c.expected() + "] got [" + got + "]");
        }
        assertEquals(List.of(), wrong);
    }

    /** The tokens of a run, from counters that grew (plain ones) and the sums of eth.type and vlan.id. */
    static String observed(Map<String, Long> delta) {
        List<String> out = new ArrayList<>();
        for (String t : TOKENS) if (delta.getOrDefault(counter(t), 0L) > 0) out.add(t);
        if (delta.containsKey("ethertype")) out.add(String.format("type=%04x", delta.get("ethertype")));
        if (delta.containsKey("vlanid")) out.add("id=" + delta.get("vlanid"));
        return String.join(" ", out);
    }

    static Map<String, Long> byName(List<CounterValue> values) {
        Map<String, Long> out = new HashMap<>();
        for (CounterValue v : values) out.merge(v.name(), v.value(), Long::sum);
        return out;
    }

    static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> out = new HashMap<>();
        after.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d != 0) out.put(k, d);
        });
        return out;
    }

    static String reference(ParsedPacket p) {
        List<String> out = new ArrayList<>();
        for (String t : TOKENS) if (t.contains(".") ? p.integer(t).isPresent() : p.is(t)) out.add(t);
        p.integer("eth.type").ifPresent(v -> out.add(String.format("type=%04x", v)));
        p.integer("vlan.id").ifPresent(v -> out.add("id=" + v));
        return String.join(" ", out);
    }

    @Test
    void theReferenceParserReadsEveryFrameAsTheSpecSays() {
        assertEveryCase(c -> reference(ReferenceParser.parseFrame(c.frame())), false);
    }

    @Test
    void theInterpreterReadsEveryFrameAsTheSpecSays() {
        CompiledProgram p = Scripted.compile(EVERYTHING).get(0);
        assertEveryCase(c -> {
            var interpreter = p.interpreter();
            interpreter.run(c.frame());
            return observed(byName(interpreter.counters()));
        }, false);
    }

    @Test
    @KernelTest
    void theKernelReadsEveryFrameAsTheSpecSays() {
        try (LoadedProgram loaded = Kernel.load(Scripted.compile(EVERYTHING).get(0))) {
            assertEveryCase(c -> {
                Map<String, Long> before = byName(loaded.counters());
                loaded.testRun(c.frame());
                return observed(minus(byName(loaded.counters()), before));
            }, true);
        }
    }

    /** One rule per test or field: the parser then reads only what that rule needs. */
    static final List<String[]> ALONE = List.of(
            new String[] {"vlan", "vlan"}, new String[] {"ip", "ip"}, new String[] {"ip6", "ip6"}, new String[] {"tcp", "tcp"},
            new String[] {"udp", "udp"}, new String[] {"icmp", "icmp"}, new String[] {"icmp6", "icmp6"},
            new String[] {"ip6.next >= 0", "ip6.next"}, new String[] {"tcp.dport == 22", "tcp.dport"},
            new String[] {"udp.dport == 53", "udp.dport"}, new String[] {"icmp.type == 8", "icmp.type"},
            new String[] {"icmp6.type == 128", "icmp6.type"}, new String[] {"eth.type == 0x8100", "type=8100"},
            new String[] {"eth.type == 0x0800", "type=0800"}, new String[] {"vlan.id == 7", "id=7"});

    static boolean holds(BoundaryFrames.Case c, String token) {
        return List.of(c.expected().split(" ")).contains(token);
    }

    @Test
    void eachTestAloneHoldsExactlyWhereTheSpecSaysInTheInterpreter() {
        for (String[] rule : ALONE) {
            CompiledProgram p = Scripted.compile("xdp { when " + rule[0] + " { drop } }").get(0);
            for (BoundaryFrames.Case c : BoundaryFrames.all()) {
                assertEquals(holds(c, rule[1]) ? new Verdict.Drop() : new Verdict.Pass(), p.interpret(c.frame()), () -> rule[0] + ", " + c);
            }
        }
    }

    @Test
    @KernelTest
    void eachTestAloneHoldsExactlyWhereTheSpecSaysInTheKernel() {
        for (String[] rule : ALONE) {
            try (LoadedProgram loaded = Kernel.load(Scripted.compile("xdp { when " + rule[0] + " { drop } }").get(0))) {
                for (BoundaryFrames.Case c : BoundaryFrames.all()) {
                    if (!c.kernelTakes()) continue;
                    assertEquals(holds(c, rule[1]) ? new Verdict.Drop() : new Verdict.Pass(), loaded.testRun(c.frame()), () -> rule[0] + ", " + c);
                }
            }
        }
    }
}
