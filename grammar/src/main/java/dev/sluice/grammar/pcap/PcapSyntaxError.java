package dev.sluice.grammar.pcap;

import org.antlr.v4.runtime.Token;

/** The first error in a filter, with its column (from 1); ends the parse. */
final class PcapSyntaxError extends RuntimeException {
    private final int column;

    PcapSyntaxError(int column, String message) {
        super(message, null, false, false);
        this.column = column;
    }

    static PcapSyntaxError at(Token token, String message) {
        return new PcapSyntaxError(token.getCharPositionInLine() + 1, message);
    }

    int column() {
        return column;
    }
}
