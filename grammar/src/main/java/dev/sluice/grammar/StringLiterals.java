package dev.sluice.grammar;

import org.antlr.v4.runtime.Token;

/** The text of a STRING token without its quotes and with {@code \" \\ \n \t} unescaped. */
final class StringLiterals {
    private StringLiterals() {}

    static String value(Token token, Problems problems) {
        String raw = Tokens.text(token);
        String body = raw.substring(1, raw.length() - 1);
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char next = body.charAt(++i);
            switch (next) {
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                default -> {
                    // i is on the escaped character; the backslash is at i - 1 in the body, i in the token.
                    problems.inside(token, i, 2, "unknown escape '\\" + next + "' in a string; use \\\", \\\\, \\n or \\t");
                    out.append(next);
                }
            }
        }
        return out.toString();
    }

    /** The inverse: quotes and escapes {@code text} so that {@link #value} gives it back. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
