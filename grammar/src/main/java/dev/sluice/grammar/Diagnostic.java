package dev.sluice.grammar;

/**
 * A problem in a script at a 1-based line and column, printed as compilers do:
 * {@code file:line:col: message}, then the source line and a caret under the offending token.
 */
public record Diagnostic(String file, int line, int column, int length, String message) {
    public String render(String source) {
        StringBuilder out = new StringBuilder();
        out.append(file).append(':').append(line).append(':').append(column).append(": ").append(message).append('\n');
        String[] lines = source.split("\n", -1);
        if (line >= 1 && line <= lines.length) {
            String text = lines[line - 1].replace("\t", " ");
            out.append("  ").append(text).append('\n');
            out.append("  ").append(" ".repeat(Math.max(0, Math.min(column - 1, text.length()))))
                    .append("^".repeat(Math.max(1, Math.min(length, Math.max(1, text.length() - column + 1))))).append('\n');
        }
        return out.toString();
    }

    /** The one-line form, {@code file:line:col: message}. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
