package dev.sluice.grammar;

import dev.sluice.dsl.model.Literals;
import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Expressions, set operands and literals of the parse tree as model nodes. A binary node's location
 * is its operator's token, so that a message about the operation points at the operator; a
 * literal's or field's is its first character.
 */
final class ExprBuilder {
    private final String file;
    private final Problems problems;

    ExprBuilder(String file, Problems problems) {
        this.file = file;
        this.problems = problems;
    }

    Expr expr(EbpfParser.ExprContext ctx) {
        if (ctx instanceof EbpfParser.PrimaryExprContext p) return primary(p.primary());
        if (ctx instanceof EbpfParser.MultiplicativeExprContext m) return binary(m.op, m.expr(0), m.expr(1));
        if (ctx instanceof EbpfParser.AdditiveExprContext a) return binary(a.op, a.expr(0), a.expr(1));
        if (ctx instanceof EbpfParser.ShiftExprContext s) return binary(s.op, s.expr(0), s.expr(1));
        if (ctx instanceof EbpfParser.BitAndExprContext b) return binary(b.AMP().getSymbol(), b.expr(0), b.expr(1));
        if (ctx instanceof EbpfParser.BitOrExprContext b) return binary(b.PIPE().getSymbol(), b.expr(0), b.expr(1));
        if (ctx instanceof EbpfParser.ComparisonExprContext c) {
            return new Expr.Compare(compareOp(c.op), expr(c.expr(0)), expr(c.expr(1)), at(c.op));
        }
        if (ctx instanceof EbpfParser.InExprContext in) {
            return new Expr.In(expr(in.expr()), setOperand(in.setOperand()), in.negated != null,
                    at(in.negated != null ? in.negated : in.IN().getSymbol()));
        }
        if (ctx instanceof EbpfParser.NotExprContext n) return new Expr.Not(expr(n.expr()), at(n.getStart()));
        if (ctx instanceof EbpfParser.AndExprContext a) {
            return new Expr.And(expr(a.expr(0)), expr(a.expr(1)), at(((TerminalNode) a.getChild(1)).getSymbol()));
        }
        if (ctx instanceof EbpfParser.OrExprContext o) {
            return new Expr.Or(expr(o.expr(0)), expr(o.expr(1)), at(((TerminalNode) o.getChild(1)).getSymbol()));
        }
        // An unlabelled ExprContext is what recovery leaves where an expression failed to parse.
        throw new Tokens.IncompleteTree();
    }

    private Expr binary(Token op, EbpfParser.ExprContext left, EbpfParser.ExprContext right) {
        return new Expr.Binary(binaryOp(op), expr(left), expr(right), at(op));
    }

    private static Expr.BinaryOp binaryOp(Token op) {
        return switch (op.getType()) {
            case EbpfLexer.STAR -> Expr.BinaryOp.MUL;
            case EbpfLexer.SLASH -> Expr.BinaryOp.DIV;
            case EbpfLexer.PERCENT -> Expr.BinaryOp.MOD;
            case EbpfLexer.PLUS -> Expr.BinaryOp.ADD;
            case EbpfLexer.MINUS -> Expr.BinaryOp.SUB;
            case EbpfLexer.SHL -> Expr.BinaryOp.SHL;
            case EbpfLexer.SHR -> Expr.BinaryOp.SHR;
            case EbpfLexer.AMP -> Expr.BinaryOp.AND;
            case EbpfLexer.PIPE -> Expr.BinaryOp.OR;
            default -> throw new Tokens.IncompleteTree();
        };
    }

    private static Expr.CompareOp compareOp(Token op) {
        return switch (op.getType()) {
            case EbpfLexer.EQ -> Expr.CompareOp.EQ;
            case EbpfLexer.NE -> Expr.CompareOp.NE;
            case EbpfLexer.LT -> Expr.CompareOp.LT;
            case EbpfLexer.LE -> Expr.CompareOp.LE;
            case EbpfLexer.GT -> Expr.CompareOp.GT;
            case EbpfLexer.GE -> Expr.CompareOp.GE;
            default -> throw new Tokens.IncompleteTree();
        };
    }

    private Expr primary(EbpfParser.PrimaryContext ctx) {
        if (ctx instanceof EbpfParser.ParenthesisedContext p) return expr(p.expr());
        if (ctx instanceof EbpfParser.CallContext c) {
            List<Expr> args = new ArrayList<>();
            for (EbpfParser.ExprContext e : c.expr()) args.add(expr(e));
            return new Expr.Call(Tokens.text(c.function), args, at(c.function));
        }
        if (ctx instanceof EbpfParser.ProtocolFieldContext p) {
            String name = Tokens.text(p.protocol().getStart()) + (p.field == null ? "" : "." + Tokens.text(p.field));
            return new Expr.Field(name, at(p.getStart()));
        }
        if (ctx instanceof EbpfParser.RawBytesContext r) {
            long size = r.size == null ? 1 : integerValue(r.size.getStart());
            return new Expr.RawBytes(Tokens.text(r.header.getStart()), expr(r.offset), size, at(r.getStart()));
        }
        if (ctx instanceof EbpfParser.LayeredRawBytesContext r) {
            // inner.tcp[13]: the header name carries the layer, as inner.tcp.dport's field name does.
            long size = r.size == null ? 1 : integerValue(r.size.getStart());
            String header = layers(r.layer, r.nested) + "." + Tokens.text(r.header.getStart());
            return new Expr.RawBytes(header, expr(r.offset), size, layerAt(r.getStart(), r.nested));
        }
        if (ctx instanceof EbpfParser.LayeredFieldContext l) {
            // inner.tcp.dport: the protocol names are keywords, so a layer prefix is its own form; the compiler checks the prefix.
            String name = layers(l.layer, l.nested) + "." + Tokens.text(l.protocol().getStart()) + (l.field == null ? "" : "." + Tokens.text(l.field));
            return new Expr.Field(name, layerAt(l.getStart(), l.nested));
        }
        if (ctx instanceof EbpfParser.NamedFieldContext n) {
            String name = n.NAME().stream().map(t -> Tokens.text(t.getSymbol())).collect(Collectors.joining("."));
            return new Expr.Field(name, at(n.getStart()));
        }
        if (ctx instanceof EbpfParser.IntegerLiteralContext i) return integer(i.integer());
        if (ctx instanceof EbpfParser.AddressLiteralContext a) return address(a.address());
        if (ctx instanceof EbpfParser.StringLiteralContext s) {
            return new Expr.StringLiteral(StringLiterals.value(s.STRING().getSymbol(), problems), at(s.getStart()));
        }
        if (ctx instanceof EbpfParser.PcapFilterContext p) {
            org.antlr.v4.runtime.Token text = p.STRING().getSymbol();
            dev.sluice.dsl.model.PcapFilter filter = dev.sluice.dsl.model.PcapFilters.parse(StringLiterals.value(text, problems));
            // The filter's column counts inside the quotes: the opening quote is at offset 0.
            if (filter instanceof dev.sluice.dsl.model.PcapFilter.Invalid bad) problems.inside(text, bad.column(), 1, bad.message());
            dev.sluice.dsl.model.SourceLocation quote = at(text);
            return new Expr.Pcap(filter, new dev.sluice.dsl.model.SourceLocation(quote.file(), quote.line(), quote.column() + 1));
        }
        throw new Tokens.IncompleteTree();
    }

    /** A layer prefix as written: {@code inner}, or {@code inner.inner} with the layers after the first. */
    private static String layers(Token layer, List<Token> nested) {
        StringBuilder out = new StringBuilder(Tokens.text(layer));
        for (Token t : nested) out.append('.').append(Tokens.text(t));
        return out.toString();
    }

    /**
     * Where a layered name is located: at its start, or at the second layer when there is one, the part
     * the compiler refuses ({@code inner.inner.tcp.dport}: one tunnel level is read).
     */
    private SourceLocation layerAt(Token start, List<Token> nested) {
        return at(nested.isEmpty() ? start : nested.get(0));
    }

    Expr.SetRef setOperand(EbpfParser.SetOperandContext ctx) {
        if (ctx instanceof EbpfParser.InlineSetOperandContext s) return inlineSet(s.setLiteral());
        if (ctx instanceof EbpfParser.RangeOperandContext r) return range(r.range());
        // `in 10.0.0.0/8` and `in 192.0.2.1` are a set of one (docs/LANGUAGE.md: "in takes a single address too").
        if (ctx instanceof EbpfParser.AddressOperandContext a) return new Expr.SetRef.Inline(List.of(address(a.address())));
        if (ctx instanceof EbpfParser.NamedSetOperandContext n) {
            return new Expr.SetRef.Named(Tokens.text(n.NAME().getSymbol()), at(n.getStart()));
        }
        throw new Tokens.IncompleteTree();
    }

    Expr.SetRef.Inline inlineSet(EbpfParser.SetLiteralContext ctx) {
        List<Expr> members = new ArrayList<>();
        List<Expr.SetRef.Range> ranges = new ArrayList<>();
        for (EbpfParser.SetMemberContext m : ctx.setMember()) {
            if (m instanceof EbpfParser.RangeMemberContext r) ranges.add(range(r.range()));
            else if (m instanceof EbpfParser.IntegerMemberContext i) members.add(integer(i.integer()));
            else if (m instanceof EbpfParser.AddressMemberContext a) members.add(address(a.address()));
            else throw new Tokens.IncompleteTree();
        }
        return new Expr.SetRef.Inline(members, ranges);
    }

    private Expr.SetRef.Range range(EbpfParser.RangeContext ctx) {
        return new Expr.SetRef.Range(integerValue(ctx.lo.getStart()), integerValue(ctx.hi.getStart()), at(ctx.getStart()));
    }

    private Expr integer(EbpfParser.IntegerContext ctx) {
        return new Expr.IntLiteral(integerValue(ctx.getStart()), at(ctx.getStart()));
    }

    long integerValue(Token token) {
        try {
            return Literals.integer(Tokens.text(token));
        } catch (IllegalArgumentException e) {
            problems.at(token, e.getMessage());
            // The script has an error now, so no model is returned; any stand-in value will do.
            return 0;
        }
    }

    private Expr address(EbpfParser.AddressContext ctx) {
        Token token = ctx.getStart();
        SourceLocation at = at(token);
        try {
            return Literals.parse(Tokens.text(token), at);
        } catch (IllegalArgumentException e) {
            problems.at(token, e.getMessage());
            return new Expr.IntLiteral(0, at);
        }
    }

    private SourceLocation at(Token token) {
        return Tokens.location(file, token);
    }
}
