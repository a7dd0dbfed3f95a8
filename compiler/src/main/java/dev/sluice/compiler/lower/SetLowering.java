package dev.sluice.compiler.lower;

import dev.sluice.compiler.check.Suggestions;
import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.NamedSet;
import dev.sluice.dsl.model.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * {@code FIELD in SET}, lowered by the set's size (docs/COMPILER.md, "Lowering choices"): up to
 * {@link #INLINE_LIMIT} inline members a chain of comparisons, inline sets of one-slot fields up to
 * {@link #TREE_LIMIT} members an interval tree, larger inline sets and every named set a map
 * ({@link ValueSet}, exact or prefixes), which this collects in map order. Ranges in a set are
 * tested beside its single members.
 */
final class SetLowering {
    /** Inline sets up to this size become comparison chains; named sets become maps (updatable without a reload). */
    static final int INLINE_LIMIT = 8;
    /** Inline sets of one-slot fields up to this size become a comparison tree; larger ones, maps. */
    static final int TREE_LIMIT = 65_536;

    private final List<NamedSet> named;
    private final FieldLowering fields;
    private final LiteralComparison literals;
    private final BiConsumer<SourceLocation, String> error;
    private final List<ValueSet> sets = new ArrayList<>();

    SetLowering(List<NamedSet> named, FieldLowering fields, LiteralComparison literals, BiConsumer<SourceLocation, String> error) {
        this.named = named;
        this.fields = fields;
        this.literals = literals;
        this.error = error;
    }

    /** The map-backed sets lowered so far, by the index {@link Condition.InSet} names. */
    List<ValueSet> sets() {
        return sets;
    }

    /** {@code FIELD in SET} and {@code FIELD not in SET}. */
    Condition in(Expr.In in) {
        if (!(in.value() instanceof Expr.Field f)) {
            error.accept(in.location(), "in needs a field on its left");
            return new Condition.Constant(false);
        }
        Optional<PacketField> pf = fields.field(f);
        if (pf.isEmpty()) return new Condition.Constant(false);
        PacketField field = pf.get();
        Condition member = membership(field, f.name(), in.set());
        // `not in` is false when the field is absent, like every comparison.
        return in.negated() ? new Condition.All(List.of(new Condition.Present(field), new Condition.Not(member))) : member;
    }

    private Condition membership(PacketField field, String name, Expr.SetRef set) {
        if (set instanceof Expr.SetRef.Range r) {
            if (r.low() > r.high()) error.accept(r.location(), "a range needs low <= high, not " + r.low() + ".." + r.high());
            Optional<Condition> low = literals.compare(field, name, new Expr.IntLiteral(r.low(), r.location()), Expr.CompareOp.GE);
            Optional<Condition> high = literals.compare(field, name, new Expr.IntLiteral(r.high(), r.location()), Expr.CompareOp.LE);
            if (low.isEmpty() || high.isEmpty()) return new Condition.Constant(false);
            return new Condition.All(List.of(low.get(), high.get()));
        }
        List<Expr> members;
        List<Expr.SetRef.Range> ranges;
        boolean mapBacked;
        String setName;
        if (set instanceof Expr.SetRef.Named n) {
            Optional<NamedSet> definition = named.stream().filter(s -> s.name().equals(n.name())).findFirst();
            if (definition.isEmpty()) {
                List<String> known = named.stream().map(NamedSet::name).toList();
                error.accept(n.location(), "undefined set " + n.name()
                        + Suggestions.nearest(n.name(), known).map(s -> "; did you mean " + s + "?").orElse(""));
                return new Condition.Constant(false);
            }
            members = definition.get().members();
            ranges = definition.get().ranges();
            mapBacked = !members.isEmpty();
            setName = n.name();
        } else {
            members = ((Expr.SetRef.Inline) set).members();
            ranges = ((Expr.SetRef.Inline) set).ranges();
            mapBacked = members.size() > INLINE_LIMIT;
            setName = "set" + sets.size();
        }
        List<Condition> rangeTests = new ArrayList<>();
        for (Expr.SetRef.Range r : ranges) rangeTests.add(membership(field, name, r));
        Condition members0 = members.isEmpty() ? new Condition.Any(List.of()) : singleMembers(field, name, set, members, mapBacked, setName);
        if (rangeTests.isEmpty()) return members0;
        List<Condition> any = new ArrayList<>(rangeTests);
        any.add(0, members0);
        return new Condition.Any(any);
    }

    private Condition singleMembers(PacketField field, String name, Expr.SetRef set, List<Expr> members, boolean mapBacked,
                                    String setName) {
        FieldKind kind = FieldKind.of(field);
        // A set may mix families: ip.* fields take its IPv4 members, ip6.* its IPv6 members.
        List<Expr> usable = members.stream().filter(m -> kind.accepts(m)).toList();
        for (Expr m : members) {
            if (!kind.accepts(m) && !kind.sameFamilyIgnored(m)) literals.mismatch(field, name, m);
        }
        boolean prefixes = usable.stream().anyMatch(m -> m instanceof Expr.Cidr);
        boolean inline = set instanceof Expr.SetRef.Inline;
        if (inline && usable.size() > INLINE_LIMIT && field.slots() == 1 && usable.size() <= TREE_LIMIT) {
            return intervals(field, name, usable);
        }
        if (!mapBacked) {
            List<Condition> any = new ArrayList<>();
            for (Expr m : usable) {
                if (m instanceof Expr.Cidr c) any.add(new Condition.Prefix(field, c.high(), c.low(), c.prefix()));
                else literals.compare(field, name, m, Expr.CompareOp.EQ).ifPresent(any::add);
            }
            return new Condition.Any(any);
        }
        List<ValueSet.Member> values = new ArrayList<>();
        for (Expr m : usable) {
            if (m instanceof Expr.IntLiteral) literals.compare(field, name, m, Expr.CompareOp.EQ); // its range, reported if out
            ValueSet.Member.of(m).ifPresent(values::add);
        }
        boolean asPrefixes = prefixes || (set instanceof Expr.SetRef.Named && (kind == FieldKind.IPV4 || kind == FieldKind.IPV6));
        if (asPrefixes && kind != FieldKind.IPV4 && kind != FieldKind.IPV6) {
            error.accept(members.get(0).location(), "CIDRs need an address field, not " + name);
            return new Condition.Constant(false);
        }
        String mapName = setName + "_" + field.scriptName().replace('.', '_');
        // A named set tested twice on one field is one map, shared.
        for (int i = 0; i < sets.size(); i++) {
            if (sets.get(i).name().equals(mapName)) return new Condition.InSet(field, i);
        }
        sets.add(new ValueSet(mapName, field, asPrefixes ? ValueSet.Kind.PREFIX : ValueSet.Kind.EXACT, values,
                set instanceof Expr.SetRef.Named n ? n.name() : ""));
        return new Condition.InSet(field, sets.size() - 1);
    }

    /**
     * Members (numbers, IPv4 and MAC addresses, IPv4 CIDRs) of a one-slot field as the intervals
     * they cover; a literal out of the field's range is reported.
     */
    private Condition intervals(PacketField field, String name, List<Expr> members) {
        List<Condition.InIntervals.Interval> out = new ArrayList<>();
        for (Expr m : members) {
            if (m instanceof Expr.Cidr c) {
                long size = c.prefix() == 0 ? 0xffffffffL : (1L << (32 - c.prefix())) - 1;
                out.add(new Condition.InIntervals.Interval(c.high(), c.high() | size));
            } else if (literals.compare(field, name, m, Expr.CompareOp.EQ).orElse(null) instanceof Condition.Compare eq) {
                out.add(new Condition.InIntervals.Interval(eq.value(), eq.value()));
            }
        }
        return new Condition.InIntervals(field, Condition.InIntervals.normalise(out));
    }
}
