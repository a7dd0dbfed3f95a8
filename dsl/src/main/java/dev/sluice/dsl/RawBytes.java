package dev.sluice.dsl;

import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.SourceLocation;
import java.util.ArrayList;
import java.util.List;

/**
 * Raw bytes of a header ({@code tcp[13]}, {@code payload[0:4]}): a big-endian unsigned number of 1, 2
 * or 4 bytes. Every comparison is false when the header is absent or the read passes the packet's end.
 */
public final class RawBytes {
    private final String header;
    private final long offset;
    private final int size;

    RawBytes(String header, long offset, int size) {
        this.header = header;
        this.offset = offset;
        this.size = size;
    }

    private Expr.RawBytes expr(SourceLocation at) {
        return new Expr.RawBytes(header, new Expr.IntLiteral(offset, at), size, at);
    }

    private Condition compare(Expr.CompareOp op, Expr value, SourceLocation at) {
        return new Condition(new Expr.Compare(op, expr(at), value, at));
    }

    /** {@code BYTES == VALUE}; a value wider than the bytes read is a compile error. */
    public Condition eq(long value) {
        SourceLocation at = SourceLocation.caller();
        return compare(Expr.CompareOp.EQ, new Expr.IntLiteral(value, at), at);
    }

    /** {@code BYTES != VALUE}; false, like every comparison, when the bytes cannot be read. */
    public Condition ne(long value) {
        SourceLocation at = SourceLocation.caller();
        return compare(Expr.CompareOp.NE, new Expr.IntLiteral(value, at), at);
    }

    /** {@code BYTES < VALUE}, unsigned. */
    public Condition lt(long value) {
        SourceLocation at = SourceLocation.caller();
        return compare(Expr.CompareOp.LT, new Expr.IntLiteral(value, at), at);
    }

    /** {@code BYTES <= VALUE}, unsigned. */
    public Condition le(long value) {
        SourceLocation at = SourceLocation.caller();
        return compare(Expr.CompareOp.LE, new Expr.IntLiteral(value, at), at);
    }

    /** {@code BYTES > VALUE}, unsigned. */
    public Condition gt(long value) {
        SourceLocation at = SourceLocation.caller();
        return compare(Expr.CompareOp.GT, new Expr.IntLiteral(value, at), at);
    }

    /** {@code BYTES >= VALUE}, unsigned. */
    public Condition ge(long value) {
        SourceLocation at = SourceLocation.caller();
        return compare(Expr.CompareOp.GE, new Expr.IntLiteral(value, at), at);
    }

    /** {@code BYTES == "TEXT"}: the text's bytes (as many as were read) in order ({@code payload().bytes(0, 4).eq("GET ")}). */
    public Condition eq(String text) {
        SourceLocation at = SourceLocation.caller();
        return compare(Expr.CompareOp.EQ, new Expr.StringLiteral(text, at), at);
    }

    /** {@code BYTES != "TEXT"}. */
    public Condition ne(String text) {
        SourceLocation at = SourceLocation.caller();
        return compare(Expr.CompareOp.NE, new Expr.StringLiteral(text, at), at);
    }

    /** {@code BYTES in {v1, v2, ...}}: equal to any of the values. */
    public Condition in(long... values) {
        return in(false, values);
    }

    /** {@code BYTES not in {v1, v2, ...}}: equal to none of them; false when the bytes cannot be read. */
    public Condition notIn(long... values) {
        return in(true, values);
    }

    private Condition in(boolean negated, long... values) {
        SourceLocation at = SourceLocation.caller();
        List<Expr> members = new ArrayList<>();
        for (long v : values) members.add(new Expr.IntLiteral(v, at));
        return new Condition(new Expr.In(expr(at), new Expr.SetRef.Inline(members), negated, at));
    }

    /** A header whose bytes a rule reads by offset: {@code tcp().at(13)}, {@code payload().bytes(0, 4)}. */
    public static final class Header {
        private final String name;

        Header(String name) {
            this.name = name;
        }

        /** The byte at {@code offset} from the header's start ({@code PROTO[OFFSET]}). */
        public RawBytes at(long offset) {
            return new RawBytes(name, offset, 1);
        }

        /** {@code size} bytes (1, 2 or 4) at {@code offset}, big-endian ({@code PROTO[OFFSET:SIZE]}). */
        public RawBytes bytes(long offset, int size) {
            return new RawBytes(name, offset, size);
        }
    }
}
