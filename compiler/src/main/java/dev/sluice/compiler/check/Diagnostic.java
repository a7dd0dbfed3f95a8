package dev.sluice.compiler.check;

import dev.sluice.dsl.model.SourceLocation;

/** A problem found in a rule model, at the script position or Java line that made it. */
public record Diagnostic(SourceLocation location, String message) {
    @Override
    public String toString() {
        return location + ": " + message;
    }
}
