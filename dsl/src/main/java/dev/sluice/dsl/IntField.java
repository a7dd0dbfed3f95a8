package dev.sluice.dsl;

import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.SourceLocation;
import java.util.ArrayList;
import java.util.List;

/** A numeric field ({@code tcp.dport}, {@code ip.ttl}): comparisons and set membership. */
public final class IntField implements Value {
    private final String name;

    IntField(String name) {
        this.name = name;
    }

    /** The field, as an action's key or value reads it. */
    @Override
    public Expr expr(SourceLocation at) {
        return new Expr.Field(name, at);
    }

    private Condition compare(Expr.CompareOp op, long value) {
        SourceLocation at = SourceLocation.caller();
        return new Condition(new Expr.Compare(op, new Expr.Field(name, at), new Expr.IntLiteral(value, at), at));
    }

    /**
     * {@code FIELD == VALUE}; a value out of the field's range (a port over 65535) is a compile error, not a
     * silent truncation.
     */
    public Condition eq(long value) {
        return compare(Expr.CompareOp.EQ, value);
    }

    /** {@code FIELD != VALUE}; false, like every comparison, when the field's header is absent. */
    public Condition ne(long value) {
        return compare(Expr.CompareOp.NE, value);
    }

    /** {@code FIELD < VALUE}, unsigned. */
    public Condition lt(long value) {
        return compare(Expr.CompareOp.LT, value);
    }

    /** {@code FIELD <= VALUE}, unsigned. */
    public Condition le(long value) {
        return compare(Expr.CompareOp.LE, value);
    }

    /** {@code FIELD > VALUE}, unsigned. */
    public Condition gt(long value) {
        return compare(Expr.CompareOp.GT, value);
    }

    /** {@code FIELD >= VALUE}, unsigned. */
    public Condition ge(long value) {
        return compare(Expr.CompareOp.GE, value);
    }

    /** {@code FIELD in {v1, v2, ...}}: equal to any of the values. */
    public Condition in(long... values) {
        return in(false, values);
    }

    /** {@code FIELD not in {v1, v2, ...}}: equal to none of them; false when the field's header is absent. */
    public Condition notIn(long... values) {
        return in(true, values);
    }

    private Condition in(boolean negated, long... values) {
        SourceLocation at = SourceLocation.caller();
        List<Expr> members = new ArrayList<>();
        for (long v : values) members.add(new Expr.IntLiteral(v, at));
        return new Condition(new Expr.In(new Expr.Field(name, at), new Expr.SetRef.Inline(members), negated, at));
    }

    /** {@code in lo..hi}, both ends included. */
    public Condition in(Range range) {
        SourceLocation at = SourceLocation.caller();
        return new Condition(new Expr.In(new Expr.Field(name, at), new Expr.SetRef.Range(range.low(), range.high(), at), false, at));
    }
}
