package dev.sluice.grammar;

import dev.sluice.dsl.model.Diagnostic;
import dev.sluice.dsl.model.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/**
 * Parses a script into its syntax tree and syntax diagnostics in users' words. ANTLR's recovery
 * goes on after an error, so one run reports several, at most {@link #MAX_ERRORS}.
 */
public final class ScriptParser {
    /** The most errors one run reports; Scripts counts literal errors against the same limit. */
    public static final int MAX_ERRORS = 20;

    /** The syntax tree (built even when there are errors, by ANTLR's recovery) and the syntax errors found. */
    public record Result(EbpfParser.ScriptContext tree, List<Diagnostic> errors) {
        /** Copies the error list. */
        public Result {
            errors = List.copyOf(errors);
        }
    }

    private ScriptParser() {}

    /** Parses {@code text}; diagnostics carry {@code file} as their file name. */
    public static Result parse(String text, String file) {
        List<Diagnostic> errors = new ArrayList<>();
        EbpfLexer lexer = new EbpfLexer(CharStreams.fromString(text, file));
        lexer.removeErrorListeners();
        EbpfParser parser = new EbpfParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.addErrorListener(new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> recognizer, Object symbol, int line, int column, String antlr,
                                    RecognitionException e) {
                if (errors.size() >= MAX_ERRORS) return;
                Token token = (Token) symbol;
                int length = token == null || token.getType() == Token.EOF ? 1 : Math.max(1, token.getText().length());
                errors.add(Diagnostic.error(new SourceLocation(file, line, column + 1), length, message((Parser) recognizer, token, e)));
            }
        });
        EbpfParser.ScriptContext tree = parser.script();
        return new Result(tree, errors);
    }

    private static String message(Parser parser, Token token, RecognitionException e) {
        String found = token == null ? "this" : token.getType() == Token.EOF ? "the end of the file"
                : token.getType() == EbpfLexer.UNKNOWN_CHAR ? "'" + token.getText() + "', which is not part of the language"
                : "'" + token.getText() + "'";
        if (token != null && token.getType() == EbpfLexer.UNKNOWN_CHAR) return "unexpected character " + found.substring(0, 3);
        String expected;
        if (e instanceof NoViableAltException || e instanceof InputMismatchException || e == null) {
            expected = TokenWords.expected(parser.getExpectedTokens());
        } else {
            expected = TokenWords.expected(e.getExpectedTokens());
        }
        return "expected " + expected + ", found " + found;
    }
}
