package dev.sluice.dsl;

import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.SourceLocation;
import java.util.function.Function;

/**
 * A string of a trace program: {@code comm()} (the task's name) or {@code str(FIELD)} (the NUL-terminated
 * string at the address a field holds). Compared whole, with {@code eq} and {@code ne}.
 */
public final class StringValue implements Value {
    private final Function<SourceLocation, Expr> expr;

    StringValue(Function<SourceLocation, Expr> expr) {
        this.expr = expr;
    }

    @Override
    public Expr expr(SourceLocation at) {
        return expr.apply(at);
    }

    /** {@code VALUE == "TEXT"}: the whole string equals the text ({@code comm().eq("bash")}). */
    public Condition eq(String text) {
        return compare(Expr.CompareOp.EQ, text);
    }

    /** {@code VALUE != "TEXT"}. */
    public Condition ne(String text) {
        return compare(Expr.CompareOp.NE, text);
    }

    private Condition compare(Expr.CompareOp op, String text) {
        SourceLocation at = SourceLocation.caller();
        return new Condition(new Expr.Compare(op, expr(at), new Expr.StringLiteral(text, at), at));
    }
}
