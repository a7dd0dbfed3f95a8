package dev.sluice.grammar.pcap;

import dev.sluice.dsl.model.PcapFilter;
import dev.sluice.dsl.model.PcapFilterParser;
import java.util.Optional;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/**
 * The pcap-filter parser the grammar module provides to dsl (docs/LANGUAGE-PCAP.md, "tcpdump
 * expressions"): ANTLR's lexer and parser, then {@link PcapModelBuilder}. Words a packet filter
 * cannot act on are refused before the syntax is checked, so the error names them.
 */
public final class PcapGrammar implements PcapFilterParser {
    /** For ServiceLoader. */
    public PcapGrammar() {}

    @Override
    public PcapFilter parse(String text) {
        try {
            PcapLexer lexer = new PcapLexer(CharStreams.fromString(text));
            lexer.removeErrorListeners();
            lexer.addErrorListener(THROWING);
            CommonTokenStream tokens = new CommonTokenStream(lexer);
            tokens.fill();
            for (Token t : tokens.getTokens()) RefusedWords.check(t);
            PcapParser parser = new PcapParser(tokens);
            parser.removeErrorListeners();
            parser.addErrorListener(THROWING);
            PcapParser.FilterContext tree = parser.filter();
            if (tree.expr() == null) return new PcapFilter.Parsed(text, Optional.empty());
            return new PcapFilter.Parsed(text, Optional.of(new PcapModelBuilder().expr(tree.expr())));
        } catch (PcapSyntaxError e) {
            return new PcapFilter.Invalid(text, e.column(), e.getMessage());
        }
    }

    private static final BaseErrorListener THROWING = new BaseErrorListener() {
        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int column, String msg,
                                RecognitionException e) {
            String near = offending instanceof Token t
                    ? (t.getType() == Token.EOF ? "at the end" : "at `" + t.getText() + "`") : "here";
            throw new PcapSyntaxError(column + 1, "syntax error " + near);
        }
    };
}
