package dev.sluice.dsl.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A problem found in rules, by the grammar (in a script's text), the compiler (in a program) or the
 * command line (in Java rules): where it is, how many characters to underline, and whether it stops
 * the compile (an error) or not (a warning). {@link #render} is the one way it is shown.
 */
public record Diagnostic(Severity severity, SourceLocation location, int length, String message) {
    /** An error stops the compile; a warning is shown and the compile goes on. */
    public enum Severity {
        /** The rules do not compile. */
        ERROR,
        /** Shown as {@code warning: ...}; the rules compile. */
        WARNING
    }

    /** Rejects a diagnostic without its severity, location or message. */
    public Diagnostic {
        Objects.requireNonNull(severity);
        Objects.requireNonNull(location);
        Objects.requireNonNull(message);
    }

    /** An error underlining {@code length} characters at {@code location}. */
    public static Diagnostic error(SourceLocation location, int length, String message) {
        return new Diagnostic(Severity.ERROR, location, length, message);
    }

    /** An error at one character of {@code location} (the compiler's diagnostics: a node's start). */
    public static Diagnostic error(SourceLocation location, String message) {
        return error(location, 1, message);
    }

    /** A warning at one character of {@code location}. */
    public static Diagnostic warning(SourceLocation location, String message) {
        return new Diagnostic(Severity.WARNING, location, 1, message);
    }

    /**
     * {@code file:line:col: message} (a line or column of 0 is left out, as Java rules have no column),
     * with {@code warning: } before a warning's message; then, when {@code source} (the text of the
     * location's file, when known) has the line, the line and, when the column is known, a caret under the
     * {@code length} characters.
     */
    public String render(Optional<String> source) {
        StringBuilder out = new StringBuilder(toString()).append('\n');
        String[] lines = source.map(text -> text.split("\n", -1)).orElse(new String[0]);
        int line = location.line();
        int column = location.column();
        if (line >= 1 && line <= lines.length) {
            String text = lines[line - 1].replace("\t", " ");
            out.append("  ").append(text).append('\n');
            if (column > 0) {
                int start = Math.min(column - 1, text.length());
                int width = Math.max(1, Math.min(length, text.length() - start));
                out.append("  ").append(" ".repeat(start)).append("^".repeat(width)).append('\n');
            }
        }
        return out.toString();
    }

    /** The first line of {@link #render}: {@code file:line:col: message}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(location.file());
        if (location.line() > 0) out.append(':').append(location.line());
        if (location.column() > 0) out.append(':').append(location.column());
        return out.append(": ").append(severity == Severity.WARNING ? "warning: " : "").append(message).toString();
    }
}
