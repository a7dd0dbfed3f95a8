package dev.sluice.grammar;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.dsl.model.Diagnostic;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptParserTest {
    static List<Diagnostic> errors(String text) {
        return ScriptParser.parse(text, "fw.ebpf").errors();
    }

    @Test
    void aMissingOperandSaysWhatWouldDoInUsersWords() {
        List<Diagnostic> e = errors("xdp {\n    when tcp.dport == { drop }\n}\n");
        assertFalse(e.isEmpty());
        Diagnostic d = e.get(0);
        assertEquals(2, d.location().line());
        assertEquals(23, d.location().column());
        assertTrue(d.message().contains("a number"), d.message());
        assertTrue(d.message().contains("found '{'"), d.message());
        assertFalse(d.message().matches(".*[A-Z_]{5,}.*"), "no ANTLR token names: " + d.message());
        String rendered = d.render(java.util.Optional.of("xdp {\n    when tcp.dport == { drop }\n}\n"));
        assertEquals("fw.ebpf:2:23: " + d.message() + "\n      when tcp.dport == { drop }\n  " + " ".repeat(22) + "^\n", rendered);
    }

    @Test
    void badCharacterAndEndOfFile() {
        Diagnostic bad = errors("xdp { when tcp.dport == 22 $ { drop } }").get(0);
        assertEquals("unexpected character '$'", bad.message());
        assertEquals(28, bad.location().column());
        Diagnostic eof = errors("xdp { drop").get(0);
        assertTrue(eof.message().endsWith("found the end of the file"), eof.message());
    }

    @Test
    void severalErrorsInOneRunAtMostTwenty() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 30; i++) many.append("xdp { when == { drop } }\n");
        List<Diagnostic> e = errors(many.toString());
        assertEquals(ScriptParser.MAX_ERRORS, e.size());
        assertEquals(2, errors("xdp { when == 1 { drop } }\ntc ingress { when ip.src == { pass } }\n").size());
    }

    @Test
    void topLevelMistakesNameTheHooks() {
        Diagnostic d = errors("xpd fw { drop }").get(0);
        assertTrue(d.message().contains("a program (xdp, tc"), d.message());
    }

    @Test
    void validScriptsHaveNoErrors() {
        assertEquals(List.of(), errors(EbpfParserTest.FIRST_LOOK));
    }
}
