package dev.sluice.grammar;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.dsl.model.Diagnostic;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One run reports several mistakes, syntax and literal ones together, and never throws for them. */
class SeveralErrorsTest {
    @Test
    void severalSyntaxErrorsInOneRun() {
        Scripts.Result r = Parsing.result("""
                xdp {
                    when tcp.dport == { drop }
                }
                tc sideways { }
                kprobe { }
                xdp { when ip.src in 10.0.0.0/8 { pass } }
                """);
        List<Integer> lines = r.diagnostics().stream().map(d -> d.location().line()).distinct().toList();
        assertTrue(lines.containsAll(List.of(2, 4, 5)), r.render());
        assertTrue(r.script().isEmpty());
    }

    @Test
    void syntaxAndLiteralErrorsTogether() {
        Scripts.Result r = Parsing.result("""
                set bad = { 10.1.0.0/8 }
                xdp { when tcp.dport == { drop } }
                socket { truncate 99999999999999999999 }
                """);
        assertEquals(List.of(1, 2, 3), r.diagnostics().stream().map(d -> d.location().line()).sorted().toList(), r.render());
    }

    @Test
    void theRenderedFormQuotesTheLineWithACaret() {
        Scripts.Result r = Parsing.result("set s = { 10.1.0.0/8 }\n");
        assertEquals("t.ebpf:1:11: '10.1.0.0/8' has host bits set; the network is 10.0.0.0/8\n"
                + "  set s = { 10.1.0.0/8 }\n"
                + "            ^^^^^^^^^^\n", r.render());
    }

    @Test
    void atMostTwentyDiagnostics() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 30; i++) text.append("set s").append(i).append(" = { 1.2.3.4/8 }\n");
        for (int i = 0; i < 30; i++) text.append("xdp { when == { } }\n");
        assertEquals(ScriptParser.MAX_ERRORS, Parsing.errors(text.toString()).size());
        StringBuilder literals = new StringBuilder();
        for (int i = 0; i < 30; i++) literals.append("set s").append(i).append(" = { 1.2.3.4/8 }\n");
        assertEquals(ScriptParser.MAX_ERRORS, Parsing.errors(literals.toString()).size());
    }

    @Test
    void brokenInputNeverThrows() {
        for (String text : List.of("xdp", "xdp {", "set", "set x = ", "set x = file", "set x = file \"", "tracepoint", "profile hz",
                "uprobe \"/bin/sh\"", "xdp { when }", "xdp { when ( { } }", "xdp { count }", "xdp { print }", "xdp { redirect }",
                "kprobe f { sum s by }", "kprobe f { print \"%d\", }", "xdp { when a in { 1..} {} }", "cgroup { }", "}}}{{{", "\"")) {
            Scripts.Result r = Parsing.result(text);
            assertFalse(r.ok(), text);
            assertTrue(r.script().isEmpty(), text);
        }
    }
}
