package dev.sluice.dsl.model;

import java.util.List;
import java.util.Objects;

/**
 * Expressions of rule conditions. Literals keep the raw value as written (a port of 70000 is
 * representable) so that the checker can report it with its location.
 */
public sealed interface Expr {
    /**
     * Where the expression was written: a script position, or the Java line that built it, for diagnostics.
     */
    SourceLocation location();

    /** A field ({@code tcp.dport}) or a bare protocol test ({@code tcp}, {@code tcp.syn}). */
    record Field(String name, SourceLocation location) implements Expr {
        /** Rejects a field without a name. */
        public Field {
            Objects.requireNonNull(name);
        }
    }

    /**
     * An integer as written (decimal or hex), kept unsigned 64-bit and unchecked so the checker can report a
     * value out of its field's range where it stands.
     */
    record IntLiteral(long value, SourceLocation location) implements Expr {}

    /** An IPv4 address as its 32-bit big-endian number. */
    record Ipv4(long value, SourceLocation location) implements Expr {}

    /** An IPv6 address as two 64-bit halves, {@code high} holding the first eight bytes. */
    record Ipv6(long high, long low, SourceLocation location) implements Expr {}

    /** An address prefix; {@code v6} selects 128 bits ({@code high}, {@code low}) over 32 (in {@code high}). */
    record Cidr(boolean v6, long high, long low, int prefix, SourceLocation location) implements Expr {}

    /** A MAC address as its 48-bit number. */
    record Mac(long value, SourceLocation location) implements Expr {}

    /**
     * A string in double quotes, escapes already resolved; compared with {@code comm} and {@code str(...)}.
     */
    record StringLiteral(String value, SourceLocation location) implements Expr {}

    /** {@code left OP right}, unsigned; false when a field on either side is absent from the packet. */
    record Compare(CompareOp op, Expr left, Expr right, SourceLocation location) implements Expr {}

    /** {@code value in SET} or {@code value not in SET}. */
    record In(Expr value, SetRef set, boolean negated, SourceLocation location) implements Expr {}

    /** {@code left and right}, short-circuit. */
    record And(Expr left, Expr right, SourceLocation location) implements Expr {}

    /** {@code left or right}, short-circuit. */
    record Or(Expr left, Expr right, SourceLocation location) implements Expr {}

    /** {@code not operand}: negates the whole condition, absent fields included. */
    record Not(Expr operand, SourceLocation location) implements Expr {}

    /** Unsigned 64-bit arithmetic and bit operations: {@code tcp.flags & 0x12}, {@code arg0 * 2}. */
    record Binary(BinaryOp op, Expr left, Expr right, SourceLocation location) implements Expr {
        /** Rejects a missing operator or operand. */
        public Binary {
            Objects.requireNonNull(op);
            Objects.requireNonNull(left);
            Objects.requireNonNull(right);
        }
    }

    /**
     * {@code pcap "EXPR"}: holds exactly when tcpdump would keep the packet for the pcap-filter
     * expression (libpcap's meaning, offsets from the start of the Ethernet frame).
     */
    record Pcap(PcapFilter filter, SourceLocation location) implements Expr {
        /** Rejects a missing filter. */
        public Pcap {
            Objects.requireNonNull(filter);
        }
    }

    /**
     * {@code HEADER[OFFSET:SIZE]}: SIZE bytes (1, 2 or 4, as written: the checker reports others) read
     * big-endian as an unsigned number, OFFSET bytes from the start of the header named {@code header}
     * ({@code tcp}, {@code payload}, ...); false in any comparison when the header is absent or the read
     * passes the packet's end.
     */
    record RawBytes(String header, Expr offset, long size, SourceLocation location) implements Expr {
        /** Rejects a missing header name or offset. */
        public RawBytes {
            Objects.requireNonNull(header);
            Objects.requireNonNull(offset);
        }
    }

    /** A function applied to arguments: {@code str(args.filename)}. */
    record Call(String function, List<Expr> args, SourceLocation location) implements Expr {
        /** Rejects a call without a function name; copies the arguments. */
        public Call {
            Objects.requireNonNull(function);
            args = List.copyOf(args);
        }
    }

    /** The comparison operators, unsigned. */
    enum CompareOp {
        /** {@code ==} */
        EQ("=="),
        /** {@code !=} */
        NE("!="),
        /** {@code <} */
        LT("<"),
        /** {@code <=} */
        LE("<="),
        /** {@code >} */
        GT(">"),
        /** {@code >=} */
        GE(">=");

        private final String symbol;

        CompareOp(String symbol) {
            this.symbol = symbol;
        }

        /** The operator as a script writes it, for the printer and messages. */
        public String symbol() {
            return symbol;
        }
    }

    /** Operators of {@link Binary}, tightest first within the groups of docs/LANGUAGE.md's precedence list. */
    enum BinaryOp {
        /** {@code *}, wrapping. */
        MUL("*"),
        /** {@code /}; {@code x / 0} is 0, as in eBPF. */
        DIV("/"),
        /** {@code %}; {@code x % 0} is 0 (eBPF would leave x). */
        MOD("%"),
        /** {@code +}, wrapping. */
        ADD("+"),
        /** {@code -}, wrapping. */
        SUB("-"),
        /** {@code <<}; the amount wraps at 64. */
        SHL("<<"),
        /** {@code >>}, logical; the amount wraps at 64. */
        SHR(">>"),
        /** {@code &} */
        AND("&"),
        /** {@code |} */
        OR("|");

        private final String symbol;

        BinaryOp(String symbol) {
            this.symbol = symbol;
        }

        /** The operator as a script writes it, for the printer and messages. */
        public String symbol() {
            return symbol;
        }
    }

    /** The right side of {@code in}. */
    sealed interface SetRef {
        /** {@code {53, 5353}}; integer sets may hold ranges too ({@code {22, 8000..8100}}). */
        record Inline(List<Expr> members, List<Range> ranges) implements SetRef {
            /** Copies the members and ranges, so the set cannot change under the model. */
            public Inline {
                members = List.copyOf(members);
                ranges = List.copyOf(ranges);
            }

            /** A set of members without ranges. */
            public Inline(List<Expr> members) {
                this(members, List.of());
            }
        }

        /**
         * A named set, declared with {@code set NAME = ...} in the script or made with {@code Sluice.set} in
         * Java.
         */
        record Named(String name, SourceLocation location) implements SetRef {}

        /** A range {@code low..high}, both ends included; {@code low <= high} is checked by the compiler. */
        record Range(long low, long high, SourceLocation location) implements SetRef {}
    }
}
