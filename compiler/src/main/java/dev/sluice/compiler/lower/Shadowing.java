package dev.sluice.compiler.lower;

import dev.sluice.compiler.hooks.PacketField;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a rule can never run because an earlier one that ends in a verdict matches every packet
 * it matches ({@code when tcp { drop }} before {@code when tcp.dport == 22 { count x }}). Decided
 * on the conjuncts of the lowered conditions: the later rule is shadowed when its conjuncts
 * include (or imply, through the protocol a field belongs to) every conjunct of the earlier one.
 * Anything less certain is not reported.
 */
final class Shadowing {
    /** Subsets of a rule's conjuncts are looked up one by one up to this many conjuncts; beyond, earlier rules are scanned. */
    private static final int SUBSET_LIMIT = 10;

    private Shadowing() {}

    /**
     * Earlier rules that end in a verdict, by the set of their conjuncts, so that a later rule is
     * checked against all of them in time that does not grow with their number (10,000 rules compile
     * in milliseconds, not seconds).
     */
    static final class Index<T> {
        private final java.util.Map<Set<Condition>, T> byConjuncts = new java.util.HashMap<>();

        void add(Condition earlier, T what) {
            byConjuncts.putIfAbsent(conjunctSet(earlier), what);
        }

        /** An earlier rule that matches every packet {@code later} matches, if there is one. */
        Optional<T> covering(Condition later) {
            if (byConjuncts.isEmpty()) return Optional.empty();
            List<Condition> known = List.copyOf(closure(later));
            if (known.size() > SUBSET_LIMIT) {
                Set<Condition> all = Set.copyOf(known);
                return byConjuncts.entrySet().stream().filter(e -> all.containsAll(e.getKey())).map(java.util.Map.Entry::getValue).findFirst();
            }
            for (int mask = 0; mask < 1 << known.size(); mask++) {
                Set<Condition> subset = new HashSet<>();
                for (int i = 0; i < known.size(); i++) if ((mask & 1 << i) != 0) subset.add(known.get(i));
                T found = byConjuncts.get(subset);
                if (found != null) return Optional.of(found);
            }
            return Optional.empty();
        }
    }

    /** The conjuncts of a condition and the protocol tests its fields imply. */
    private static Set<Condition> closure(Condition c) {
        Set<Condition> known = new java.util.LinkedHashSet<>();
        for (Condition part : conjuncts(c)) {
            if (part instanceof Condition.Constant k && k.value()) continue;
            known.add(part);
            protocolOf(part).ifPresent(p -> known.add(new Condition.Present(p)));
        }
        return known;
    }

    private static Set<Condition> conjunctSet(Condition c) {
        Set<Condition> out = new HashSet<>();
        for (Condition part : conjuncts(c)) {
            if (!(part instanceof Condition.Constant k && k.value())) out.add(part);
        }
        return out;
    }

    private static List<Condition> conjuncts(Condition c) {
        if (c instanceof Condition.All all) return all.conditions().stream().flatMap(x -> conjuncts(x).stream()).toList();
        return List.of(c);
    }

    /** A field's protocol test: tcp.dport implies tcp, ip.src implies ip. */
    private static Optional<PacketField> protocolOf(Condition c) {
        PacketField f;
        if (c instanceof Condition.Compare x) f = x.field();
        else if (c instanceof Condition.Prefix x) f = x.field();
        else if (c instanceof Condition.AnyBits x) f = x.field();
        else if (c instanceof Condition.BytesEqual x) f = x.field();
        else if (c instanceof Condition.InIntervals x) f = x.field();
        else if (c instanceof Condition.InSet x) f = x.field();
        else if (c instanceof Condition.Present x && !x.field().isProtocolTest()) f = x.field();
        else return Optional.empty();
        // inner.eth.type is there without inner.eth when GRE carries IP (docs/LANGUAGE-RAW-BYTES.md, "Tunnels").
        if (f == PacketField.INNER_ETH_TYPE) return Optional.empty();
        String name = f.outer().scriptName();
        int dot = name.indexOf('.');
        if (dot < 0 || name.startsWith("pkt.")) return Optional.empty();
        try {
            PacketField protocol = PacketField.byScriptName(name.substring(0, dot));
            return f.isInner() ? protocol.inner() : Optional.of(protocol);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
