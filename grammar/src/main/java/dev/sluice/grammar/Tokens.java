package dev.sluice.grammar;

import dev.sluice.dsl.model.SourceLocation;
import org.antlr.v4.runtime.Token;

/** Token text and positions as the model wants them. */
final class Tokens {
    private Tokens() {}

    static SourceLocation location(String file, Token token) {
        return new SourceLocation(file, token.getLine(), token.getCharPositionInLine() + 1);
    }

    /**
     * The token's text. ANTLR's recovery conjures tokens that are not in the file ("&lt;missing
     * NAME&gt;"); building from one would invent a model node, so it stops the item being built.
     */
    static String text(Token token) {
        if (token == null || token.getStartIndex() < 0) throw new IncompleteTree();
        return token.getText();
    }

    /** Thrown while building from a tree that syntax errors left incomplete; the item is dropped. */
    static final class IncompleteTree extends RuntimeException {
        private static final long serialVersionUID = 1L;

        IncompleteTree() {
            super("the syntax tree is incomplete here", null, false, false);
        }
    }
}
