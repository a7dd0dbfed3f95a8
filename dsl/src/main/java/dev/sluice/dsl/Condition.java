package dev.sluice.dsl;

import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.NamedSet;
import dev.sluice.dsl.model.SourceLocation;
import java.util.ArrayList;
import java.util.List;

/** A rule condition: an expression of the model and the named sets it refers to. Immutable. */
public class Condition {
    private final Expr expr;
    private final List<NamedSet> sets;

    Condition(Expr expr, List<NamedSet> sets) {
        this.expr = expr;
        this.sets = List.copyOf(sets);
    }

    Condition(Expr expr) {
        this(expr, List.of());
    }

    /** The rule-model expression this condition stands for, as the compiler and the script printer see it. */
    public Expr expr() {
        return expr;
    }

    /** The named sets the expression refers to, so that a program using this condition can declare them. */
    public List<NamedSet> sets() {
        return sets;
    }

    /** Both conditions ({@code and}); the right side is not evaluated when the left is false. */
    public Condition and(Condition other) {
        return new Condition(new Expr.And(expr, other.expr, SourceLocation.caller()), merge(other));
    }

    /** Either condition ({@code or}); the right side is not evaluated when the left is true. */
    public Condition or(Condition other) {
        return new Condition(new Expr.Or(expr, other.expr, SourceLocation.caller()), merge(other));
    }

    private List<NamedSet> merge(Condition other) {
        List<NamedSet> all = new ArrayList<>(sets);
        for (NamedSet s : other.sets) if (!all.contains(s)) all.add(s);
        return all;
    }
}
