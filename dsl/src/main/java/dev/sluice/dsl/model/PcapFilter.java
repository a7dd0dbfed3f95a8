package dev.sluice.dsl.model;

import java.util.Objects;

/** A pcap-filter expression's text and what parsing it gave: the tree, or the first error. */
public sealed interface PcapFilter {
    /** The expression as written. */
    String text();

    /** A filter that parsed; an empty filter matches every packet ({@link #matchesAll}). */
    record Parsed(String text, java.util.Optional<PcapExpr> expr) implements PcapFilter {
        /** Rejects missing parts. */
        public Parsed {
            Objects.requireNonNull(text);
            Objects.requireNonNull(expr);
        }

        /** An empty expression, which tcpdump reads as "every packet". */
        public boolean matchesAll() {
            return expr.isEmpty();
        }
    }

    /** A filter with an error at {@code column} (from 1) of the text. */
    record Invalid(String text, int column, String message) implements PcapFilter {
        /** Rejects missing parts. */
        public Invalid {
            Objects.requireNonNull(text);
            Objects.requireNonNull(message);
        }

        /** {@code <filter>:1:COL: message}, the one-line form the command line prints. */
        public String render() {
            return "<filter>:1:" + column + ": " + message;
        }
    }
}
