package dev.sluice.dsl.model;

import java.util.List;
import java.util.Objects;

/**
 * Expressions of rule conditions. Literals keep the raw value as written (a port of 70000 is
 * representable) so that the checker can report it with its location.
 */
public sealed interface Expr {
    SourceLocation location();

    /** A field ({@code tcp.dport}) or a bare protocol test ({@code tcp}, {@code tcp.syn}). */
    record Field(String name, SourceLocation location) implements Expr {
        public Field {
            Objects.requireNonNull(name);
        }
    }

    record IntLiteral(long value, SourceLocation location) implements Expr {}

    record Ipv4(long value, SourceLocation location) implements Expr {}

    record Ipv6(long high, long low, SourceLocation location) implements Expr {}

    /** An address prefix; {@code v6} selects 128 bits ({@code high}, {@code low}) over 32 (in {@code high}). */
    record Cidr(boolean v6, long high, long low, int prefix, SourceLocation location) implements Expr {}

    record Mac(long value, SourceLocation location) implements Expr {}

    record StringLiteral(String value, SourceLocation location) implements Expr {}

    record Compare(CompareOp op, Expr left, Expr right, SourceLocation location) implements Expr {}

    /** {@code value in SET} or {@code value not in SET}. */
    record In(Expr value, SetRef set, boolean negated, SourceLocation location) implements Expr {}

    record And(Expr left, Expr right, SourceLocation location) implements Expr {}

    record Or(Expr left, Expr right, SourceLocation location) implements Expr {}

    record Not(Expr operand, SourceLocation location) implements Expr {}

    /** Unsigned 64-bit arithmetic and bit operations: {@code tcp.flags & 0x12}, {@code arg0 * 2}. */
    record Binary(BinaryOp op, Expr left, Expr right, SourceLocation location) implements Expr {
        public Binary {
            Objects.requireNonNull(op);
            Objects.requireNonNull(left);
            Objects.requireNonNull(right);
        }
    }

    /** A function applied to arguments: {@code str(args.filename)}. */
    record Call(String function, List<Expr> args, SourceLocation location) implements Expr {
        public Call {
            Objects.requireNonNull(function);
            args = List.copyOf(args);
        }
    }

    enum CompareOp {
        EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        private final String symbol;

        CompareOp(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /** Operators of {@link Binary}, tightest first within the groups of LANGUAGE.md's precedence list. */
    enum BinaryOp {
        MUL("*"), DIV("/"), MOD("%"), ADD("+"), SUB("-"), SHL("<<"), SHR(">>"), AND("&"), OR("|");

        private final String symbol;

        BinaryOp(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /** The right side of {@code in}. */
    sealed interface SetRef {
        /** {@code {53, 5353}}; integer sets may hold ranges too ({@code {22, 8000..8100}}). */
        record Inline(List<Expr> members, List<Range> ranges) implements SetRef {
            public Inline {
                members = List.copyOf(members);
                ranges = List.copyOf(ranges);
            }

            public Inline(List<Expr> members) {
                this(members, List.of());
            }
        }

        record Named(String name, SourceLocation location) implements SetRef {}

        record Range(long low, long high, SourceLocation location) implements SetRef {}
    }
}
