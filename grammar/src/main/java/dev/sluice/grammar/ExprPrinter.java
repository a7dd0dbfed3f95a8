package dev.sluice.grammar;

import dev.sluice.dsl.model.Literals;
import dev.sluice.dsl.model.Expr;
import java.util.ArrayList;
import java.util.List;

/**
 * Expressions as {@code .ebpf} text, with parentheses only where the grammar's precedence needs them
 * (docs/LANGUAGE.md, "Expressions"; the order of the alternatives of {@code expr} in EbpfParser.g4).
 */
final class ExprPrinter {
    // Binding strength, loosest first. `in` sits below the comparisons as in the grammar.
    private static final int OR = 1;
    private static final int AND = 2;
    private static final int NOT = 3;
    private static final int IN = 4;
    private static final int COMPARE = 5;
    private static final int BIT_OR = 6;
    private static final int BIT_AND = 7;
    private static final int SHIFT = 8;
    private static final int ADD = 9;
    private static final int MUL = 10;
    private static final int PRIMARY = 11;

    private ExprPrinter() {}

    static String print(Expr e) {
        if (e instanceof Expr.Or o) return infix(o.left(), "or", o.right(), OR);
        if (e instanceof Expr.And a) return infix(a.left(), "and", a.right(), AND);
        if (e instanceof Expr.Not n) return "not " + operand(n.operand(), NOT);
        if (e instanceof Expr.In in) return operand(in.value(), IN) + (in.negated() ? " not in " : " in ") + set(in.set());
        if (e instanceof Expr.Compare c) return infix(c.left(), c.op().symbol(), c.right(), COMPARE);
        if (e instanceof Expr.Binary b) return infix(b.left(), b.op().symbol(), b.right(), level(b.op()));
        if (e instanceof Expr.Pcap p) return "pcap " + StringLiterals.quote(p.filter().text());
        if (e instanceof Expr.Call c) {
            List<String> args = new ArrayList<>();
            for (Expr a : c.args()) args.add(print(a));
            return c.function() + "(" + String.join(", ", args) + ")";
        }
        if (e instanceof Expr.RawBytes r) {
            return r.header() + "[" + print(r.offset()) + (r.size() == 1 ? "" : ":" + Long.toUnsignedString(r.size())) + "]";
        }
        return literal(e);
    }

    static String literal(Expr e) {
        if (e instanceof Expr.Field f) return f.name();
        if (e instanceof Expr.IntLiteral i) return Long.toUnsignedString(i.value());
        if (e instanceof Expr.Ipv4 v4) return Literals.formatIpv4(v4.value());
        if (e instanceof Expr.Ipv6 v6) return Literals.formatIpv6(v6.high(), v6.low());
        if (e instanceof Expr.Cidr c) {
            return (c.v6() ? Literals.formatIpv6(c.high(), c.low()) : Literals.formatIpv4(c.high())) + "/" + c.prefix();
        }
        if (e instanceof Expr.Mac m) {
            String hex = String.format("%012x", m.value());
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < 12; i += 2) out.append(i == 0 ? "" : ":").append(hex, i, i + 2);
            return out.toString();
        }
        if (e instanceof Expr.StringLiteral s) return StringLiterals.quote(s.value());
        throw new IllegalArgumentException("not a literal: " + e);
    }

    static String set(Expr.SetRef set) {
        if (set instanceof Expr.SetRef.Named n) return n.name();
        if (set instanceof Expr.SetRef.Range r) return range(r);
        Expr.SetRef.Inline inline = (Expr.SetRef.Inline) set;
        return members(inline.members(), inline.ranges());
    }

    static String members(List<Expr> members, List<Expr.SetRef.Range> ranges) {
        List<String> parts = new ArrayList<>();
        for (Expr m : members) parts.add(literal(m));
        for (Expr.SetRef.Range r : ranges) parts.add(range(r));
        return parts.isEmpty() ? "{ }" : "{ " + String.join(", ", parts) + " }";
    }

    private static String range(Expr.SetRef.Range r) {
        return Long.toUnsignedString(r.low()) + ".." + Long.toUnsignedString(r.high());
    }

    /** Left-associative: a right operand as loose as the operator needs parentheses, a left one only if looser. */
    private static String infix(Expr left, String op, Expr right, int level) {
        return operand(left, level) + " " + op + " " + operand(right, level + 1);
    }

    private static String operand(Expr e, int atLeast) {
        String text = print(e);
        return level(e) < atLeast ? "(" + text + ")" : text;
    }

    private static int level(Expr e) {
        if (e instanceof Expr.Or) return OR;
        if (e instanceof Expr.And) return AND;
        if (e instanceof Expr.Not) return NOT;
        if (e instanceof Expr.In) return IN;
        if (e instanceof Expr.Compare) return COMPARE;
        if (e instanceof Expr.Binary b) return level(b.op());
        return PRIMARY;
    }

    private static int level(Expr.BinaryOp op) {
        return switch (op) {
            case MUL, DIV, MOD -> MUL;
            case ADD, SUB -> ADD;
            case SHL, SHR -> SHIFT;
            case AND -> BIT_AND;
            case OR -> BIT_OR;
        };
    }
}
