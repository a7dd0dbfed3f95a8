package dev.sluice.compiler.lower;

import java.util.ArrayList;
import java.util.List;

/** Constant folding of conditions: what is always true or false becomes a {@link Condition.Constant}. */
public final class Simplify {
    private Simplify() {}

    public static Condition condition(Condition c) {
        if (c instanceof Condition.Not not) {
            Condition inner = condition(not.condition());
            if (inner instanceof Condition.Constant k) return new Condition.Constant(!k.value());
            if (inner instanceof Condition.Not twice) return twice.condition();
            return new Condition.Not(inner);
        }
        if (c instanceof Condition.All all) {
            List<Condition> parts = new ArrayList<>();
            for (Condition part : all.conditions()) {
                Condition s = condition(part);
                if (s instanceof Condition.Constant k) {
                    if (!k.value()) return s;
                } else {
                    parts.add(s);
                }
            }
            return parts.isEmpty() ? new Condition.Constant(true) : parts.size() == 1 ? parts.get(0) : new Condition.All(parts);
        }
        if (c instanceof Condition.Any any) {
            List<Condition> parts = new ArrayList<>();
            for (Condition part : any.conditions()) {
                Condition s = condition(part);
                if (s instanceof Condition.Constant k) {
                    if (k.value()) return s;
                } else {
                    parts.add(s);
                }
            }
            return parts.isEmpty() ? new Condition.Constant(false) : parts.size() == 1 ? parts.get(0) : new Condition.Any(parts);
        }
        if (c instanceof Condition.Prefix p && p.bits() == 0) return new Condition.Present(p.field());
        return c;
    }
}
