package dev.sluice.grammar;

import dev.sluice.dsl.model.Diagnostic;
import dev.sluice.dsl.model.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.Token;

/**
 * Collects a run's diagnostics up to a limit, so that one mistake repeated a thousand times (a bad
 * set file, say) does not bury the rest of the output.
 */
final class Problems {
    private final String file;
    private final int limit;
    private final List<Diagnostic> list = new ArrayList<>();

    Problems(String file, int limit) {
        this.file = file;
        this.limit = limit;
    }

    void at(Token token, String message) {
        int length = token.getStopIndex() >= token.getStartIndex() ? token.getStopIndex() - token.getStartIndex() + 1 : 1;
        add(Diagnostic.error(new SourceLocation(file, token.getLine(), token.getCharPositionInLine() + 1), length, message));
    }

    /** {@code length} characters at {@code offset} inside a token, as for one bad escape in a string. */
    void inside(Token token, int offset, int length, String message) {
        add(Diagnostic.error(new SourceLocation(file, token.getLine(), token.getCharPositionInLine() + 1 + offset), length, message));
    }

    /** From {@code first} to the end of {@code last}, both on one line, as for {@code file "x.txt"}. */
    void between(Token first, Token last, String message) {
        int length = first.getLine() == last.getLine() ? last.getStopIndex() - first.getStartIndex() + 1 : 1;
        add(Diagnostic.error(new SourceLocation(file, first.getLine(), first.getCharPositionInLine() + 1), Math.max(1, length), message));
    }

    void at(SourceLocation where, int length, String message) {
        add(Diagnostic.error(where, Math.max(1, length), message));
    }

    void add(Diagnostic d) {
        if (list.size() < limit) list.add(d);
    }

    List<Diagnostic> list() {
        return List.copyOf(list);
    }
}
