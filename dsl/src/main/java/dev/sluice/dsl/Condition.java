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

    public Expr expr() {
        return expr;
    }

    public List<NamedSet> sets() {
        return sets;
    }

    public Condition and(Condition other) {
        return new Condition(new Expr.And(expr, other.expr, SourceLocation.caller()), merge(other));
    }

    public Condition or(Condition other) {
        return new Condition(new Expr.Or(expr, other.expr, SourceLocation.caller()), merge(other));
    }

    private List<NamedSet> merge(Condition other) {
        List<NamedSet> all = new ArrayList<>(sets);
        for (NamedSet s : other.sets) if (!all.contains(s)) all.add(s);
        return all;
    }
}
