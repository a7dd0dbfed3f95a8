package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.CompileOptions;
import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.SetMemberKeys;
import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.grammar.Scripts;
import dev.sluice.runtime.AppliedRecord;
import dev.sluice.runtime.AttachPoints;
import dev.sluice.runtime.XdpMode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The members a re-apply takes out of each named set, from the applied record's script and the new rules; no kernel. */
class UndeclaredMembersTest {
    private static List<CompiledProgram> compile(String script) {
        Scripts.Result parsed = Scripts.parse(script, "rules.ebpf", Path.of(""));
        assertTrue(parsed.ok(), parsed.diagnostics().toString());
        return SluiceCompiler.compile(parsed.script().orElseThrow().programs(), CompileOptions.DEFAULT);
    }

    private static AppliedRecord record(String script) {
        return new AppliedRecord("/rules/rules.ebpf", "0".repeat(64), script,
                new AttachPoints(List.of("eth0"), Optional.empty(), XdpMode.GENERIC, Optional.empty()), List.of());
    }

    private static final String RULES = "set hosts = { %s }\nset ports = { %s }\nset macs = { %s }\n"
            + "xdp fw {\n  when ip.src in hosts { drop }\n  when ip6.src in hosts { drop }\n  when udp.dport in ports { drop }\n"
            + "  when eth.src in macs { drop }\n}\n";

    @Test
    void eachSetLosesWhatItNoLongerDeclaresWrittenSoThatTheSetTakesIt() {
        String before = RULES.formatted("198.18.0.0/16, 10.1.0.0/16, 2001:db8::1, 2001:db8:1::/48", "53, 7000", "02:00:00:00:00:01");
        String after = RULES.formatted("10.1.0.0/16, 198.18.0.4, 2001:db8:1::/48", "7000", "02:00:00:00:00:01");
        List<CompiledProgram> now = compile(after);
        StringWriter err = new StringWriter();
        Map<String, List<String>> gone = UndeclaredMembers.since("fw", now, new PrintWriter(err)).apply(record(before));
        assertEquals(Map.of("hosts", List.of("198.18.0.0/16", "2001:db8:0:0:0:0:0:1"), "ports", List.of("53")), gone);
        assertEquals("", err.toString());
        for (Map.Entry<String, List<String>> set : gone.entrySet()) {
            for (String member : set.getValue()) {
                assertFalse(SetMemberKeys.of(set.getKey(), now.get(0).namedSet(set.getKey()), member).isEmpty(), member);
            }
        }
        assertEquals(Map.of(), UndeclaredMembers.since("fw", now, new PrintWriter(err)).apply(record(after)), "nothing undeclared");
    }

    @Test
    void aRecordThatNoLongerCompilesTakesNothingOutAndSaysSo() {
        StringWriter err = new StringWriter();
        Map<String, List<String>> gone = UndeclaredMembers.since("fw", compile(RULES.formatted("10.0.0.1", "53", "02:00:00:00:00:01")),
                new PrintWriter(err)).apply(record("xdp fw {\n  when udp.dport == 70001 { drop }\n}\n"));
        assertEquals(Map.of(), gone);
        assertTrue(err.toString().startsWith("sluice: warning: fw: the applied script "), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
    }
}
