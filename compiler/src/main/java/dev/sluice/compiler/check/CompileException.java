package dev.sluice.compiler.check;

import dev.sluice.dsl.model.Diagnostic;
import java.util.List;
import java.util.stream.Collectors;

/** The rules have errors; every one found, each with its location. */
public final class CompileException extends RuntimeException {
    private final List<Diagnostic> diagnostics;

    /** An error whose message is the diagnostics, one a line, in order. */
    public CompileException(List<Diagnostic> diagnostics) {
        super(diagnostics.stream().map(Diagnostic::toString).collect(Collectors.joining("\n")));
        this.diagnostics = List.copyOf(diagnostics);
    }

    /** Every error found, each with its location and message. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
