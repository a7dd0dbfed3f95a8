package dev.sluice.compiler.codegen;

import dev.sluice.compiler.hooks.PacketField;

import dev.sluice.compiler.lower.Condition;
import dev.sluice.compiler.lower.FilterProgram;
import dev.sluice.compiler.lower.Simplify;
import dev.sluice.compiler.lower.Statement;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The packet fields and protocol tests a lowered program reads: the parser emits only these. */
public final class UsedFields {
    private UsedFields() {}

    public static Set<PacketField> of(FilterProgram program) {
        Set<PacketField> used = EnumSet.noneOf(PacketField.class);
        statements(program.body(), program, used);
        // A string read needs the field that holds its address.
        if (used.contains(PacketField.STR)) program.trace().string().ifPresent(r -> used.add(r.address()));
        return used;
    }

    /**
     * The fields of {@link #of} whose every read is under a condition that requires {@code network}
     * ({@link PacketField#IP} or {@link PacketField#IP6}) present: a conjunction that tests it, as
     * code generation emits it ({@link Simplify}), or a rule inside such a one. On other frames that
     * conjunction fails whatever they hold, so the parse may leave them absent there.
     */
    public static Set<PacketField> readOnlyUnder(FilterProgram program, PacketField network) {
        Set<PacketField> outside = EnumSet.noneOf(PacketField.class);
        readsOutside(program.body(), program, network, outside);
        Set<PacketField> only = of(program);
        only.removeAll(outside);
        return only;
    }

    private static void readsOutside(List<Statement> body, FilterProgram program, PacketField network, Set<PacketField> outside) {
        for (Statement s : body) {
            if (!(s instanceof Statement.When w)) {
                statements(List.of(s), program, outside);
            } else if (!requires(Simplify.condition(w.condition()), network)) {
                condition(w.condition(), program, outside);
                readsOutside(w.body(), program, network, outside);
            }
        }
    }

    private static boolean requires(Condition c, PacketField network) {
        if (c instanceof Condition.Present p) return p.field() == network;
        return c instanceof Condition.All all && all.conditions().stream().anyMatch(x -> requires(x, network));
    }

    private static void statements(List<Statement> body, FilterProgram program, Set<PacketField> used) {
        for (Statement s : body) {
            if (s instanceof Statement.When w) {
                condition(w.condition(), program, used);
                statements(w.body(), program, used);
            } else if (s instanceof Statement.CountBy c) {
                used.addAll(c.key());
            } else if (s instanceof Statement.Sum sum) {
                used.addAll(sum.key());
                sum.value().fields(used);
            } else if (s instanceof Statement.Hist hist) {
                used.addAll(hist.key());
                hist.value().fields(used);
            } else if (s instanceof Statement.Print print) {
                used.addAll(print.args());
            }
        }
    }

    private static void condition(Condition c, FilterProgram program, Set<PacketField> used) {
        if (c instanceof Condition.Present p) used.add(p.field());
        else if (c instanceof Condition.Compare cmp) used.add(cmp.field());
        else if (c instanceof Condition.Prefix p) used.add(p.field());
        else if (c instanceof Condition.InSet in) used.add(in.field());
        else if (c instanceof Condition.AnyBits bits) used.add(bits.field());
        else if (c instanceof Condition.BytesEqual eq) used.add(eq.field());
        else if (c instanceof Condition.InIntervals in) used.add(in.field());
        else if (c instanceof Condition.CompareValues cv) {
            cv.left().fields(used);
            cv.right().fields(used);
        }
        else if (c instanceof Condition.All all) all.conditions().forEach(x -> condition(x, program, used));
        else if (c instanceof Condition.Any any) any.conditions().forEach(x -> condition(x, program, used));
        else if (c instanceof Condition.Not not) condition(not.condition(), program, used);
    }
}
