package dev.sluice.grammar;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.dsl.model.Diagnostic;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any sequence of the language's tokens, however wrong, gives diagnostics or a model and never an
 * exception: the builder must cope with every tree ANTLR's recovery leaves.
 */
class TokenSoupPropertyTest {
    static final List<String> TOKENS = List.of("set", "x", "=", "file", "\"f.txt\"", "{", "}", "(", ")", ",", ";", "xdp", "tc", "ingress",
            "cgroup", "device", "kprobe", "uprobe", "\"/bin/sh\"", "tracepoint", "a:b", "profile", "hz", "99", "when", "count", "sum", "hist",
            "print", "by", "pass", "drop", "redirect", "truncate", "in", "not", "and", "or", "!", "==", "<", "&", "<<", "+", "*", "tcp",
            "tcp.dport", "ip.src", "10.0.0.0/8", "10.1.0.0/8", "::1", "aa:bb:cc:dd:ee:ff", "1..2", "0x10", "99999999999999999999",
            "\"a\\qb\"", "str", "$", "#c\n");

    @Property(tries = 500)
    void neverThrows(@ForAll("soups") String text) {
        Scripts.Result r = Parsing.result(text);
        assertEquals(r.ok(), r.script().isPresent(), text);
        assertTrue(r.diagnostics().size() <= ScriptParser.MAX_ERRORS, text);
        for (Diagnostic d : r.diagnostics()) assertTrue(d.location().line() >= 1 && d.location().column() >= 1, d.toString());
    }

    @Provide
    Arbitrary<String> soups() {
        return Arbitraries.of(TOKENS).list().ofMaxSize(30).map(tokens -> String.join(" ", tokens));
    }
}
