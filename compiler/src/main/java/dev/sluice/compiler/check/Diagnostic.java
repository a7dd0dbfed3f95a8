package dev.sluice.compiler.check;

import dev.sluice.dsl.model.SourceLocation;

/** A problem found in a rule model, at the script position or Java line that made it. */
public record Diagnostic(Severity severity, SourceLocation location, String message) {
    public enum Severity { ERROR, WARNING }

    public Diagnostic(SourceLocation location, String message) {
        this(Severity.ERROR, location, message);
    }

    public static Diagnostic warning(SourceLocation location, String message) {
        return new Diagnostic(Severity.WARNING, location, message);
    }

    @Override
    public String toString() {
        return location + ": " + (severity == Severity.WARNING ? "warning: " : "") + message;
    }
}
