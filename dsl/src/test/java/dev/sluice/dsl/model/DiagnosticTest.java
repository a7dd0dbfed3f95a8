package dev.sluice.dsl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one way diagnostics are shown, for scripts, compiled programs and Java rules alike. */
class DiagnosticTest {
    private static final String SCRIPT = "xdp {\n\twhen tcp.dport == 70000 { drop }\n}\n";

    @Test
    void aScriptErrorQuotesItsLineWithACaretUnderTheToken() {
        Diagnostic d = Diagnostic.error(new SourceLocation("fw.ebpf", 2, 20), 5, "70000 is out of range for tcp.dport (0 to 65535)");
        assertEquals("fw.ebpf:2:20: 70000 is out of range for tcp.dport (0 to 65535)\n"
                + "   when tcp.dport == 70000 { drop }\n"
                + "                     ^^^^^\n", d.render(Optional.of(SCRIPT)));
        assertEquals("fw.ebpf:2:20: 70000 is out of range for tcp.dport (0 to 65535)", d.toString());
    }

    @Test
    void aWarningSaysSo() {
        Diagnostic d = Diagnostic.warning(new SourceLocation("fw.ebpf", 2, 2), "this rule never runs");
        assertEquals("fw.ebpf:2:2: warning: this rule never runs\n   when tcp.dport == 70000 { drop }\n   ^\n",
                d.render(Optional.of(SCRIPT)));
    }

    /** Java rules have a line and no column: the line is quoted without a caret. */
    @Test
    void aJavaLineHasNoColumnAndNoCaret() {
        Diagnostic d = Diagnostic.error(new SourceLocation("Rules.java", 1, 0), "a CIDR needs `in`");
        assertEquals("Rules.java:1: a CIDR needs `in`\n  xdp {\n", d.render(Optional.of(SCRIPT)));
    }

    @Test
    void withoutALineOrTheTextOnlyTheFirstLineIsShown() {
        assertEquals("Rules.java: needs a JDK\n", Diagnostic.error(new SourceLocation("Rules.java", 0, 0), "needs a JDK").render(Optional.of(SCRIPT)));
        assertEquals("set.txt:3:1: bad\n", Diagnostic.error(new SourceLocation("set.txt", 3, 1), "bad").render(Optional.empty()));
        assertEquals("fw.ebpf:9:1: past the end\n", Diagnostic.error(new SourceLocation("fw.ebpf", 9, 1), "past the end").render(Optional.of(SCRIPT)));
    }

    /** A token reaching past the line's end (or a column past it) underlines what is there, at least one character. */
    @Test
    void theCaretStaysOnTheLine() {
        assertEquals("f:1:4: x\n  xdp {\n     ^^\n", Diagnostic.error(new SourceLocation("f", 1, 4), 10, "x").render(Optional.of(SCRIPT)));
        assertEquals("f:1:40: x\n  xdp {\n       ^\n", Diagnostic.error(new SourceLocation("f", 1, 40), 3, "x").render(Optional.of(SCRIPT)));
    }
}
