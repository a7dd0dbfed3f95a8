package dev.sluice.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.dsl.model.Diagnostic;
import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.Script;
import dev.sluice.dsl.model.SourceLocation;
import dev.sluice.dsl.model.Statement;
import java.nio.file.Path;
import java.util.List;

/** Shortcuts for tests that parse small scripts. */
final class Parsing {
    static final String FILE = "t.ebpf";

    private Parsing() {}

    static Scripts.Result result(String text) {
        return Scripts.parse(text, FILE, Path.of("."));
    }

    /** The script, failing the test with the rendered diagnostics if there are any. */
    static Script script(String text) {
        Scripts.Result r = result(text);
        assertEquals("", r.render(), "diagnostics for:\n" + text);
        return r.script().orElseThrow();
    }

    /** The condition of {@code xdp { when CONDITION { } }}, without locations. */
    static Expr condition(String condition) {
        Script s = script("xdp { when " + condition + " { } }");
        return Unlocated.of(((Statement.When) s.programs().get(0).statements().get(0)).condition());
    }

    /** The right side of {@code tcp.dport == LITERAL}, without location. */
    static Expr literal(String literal) {
        return ((Expr.Compare) condition("x == " + literal)).right();
    }

    static List<Diagnostic> errors(String text) {
        return result(text).diagnostics();
    }

    /** The error the grammar reports at {@code file:line:column}, underlining {@code length} characters. */
    static Diagnostic error(String file, int line, int column, int length, String message) {
        return Diagnostic.error(new SourceLocation(file, line, column), length, message);
    }
}
