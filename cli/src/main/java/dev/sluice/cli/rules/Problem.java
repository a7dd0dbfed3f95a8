package dev.sluice.cli.rules;

/** A script problem at a 1-based line and column (0 when unknown), with the length of the token to underline. */
public record Problem(String file, int line, int column, int length, String message, boolean warning) {
    /** {@code file:line:col: message}, then the source line and a caret under the token when the text is known. */
    public String render(String source) {
        StringBuilder out = new StringBuilder(file);
        if (line > 0) out.append(':').append(line);
        if (column > 0) out.append(':').append(column);
        out.append(": ").append(warning ? "warning: " : "").append(message).append('\n');
        String[] lines = source == null ? new String[0] : source.split("\n", -1);
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
}
