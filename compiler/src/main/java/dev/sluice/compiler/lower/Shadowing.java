package dev.sluice.compiler.lower;

import dev.sluice.compiler.codegen.PacketField;
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
    private Shadowing() {}

    static boolean implies(Condition later, Condition earlier) {
        Set<Condition> known = new HashSet<>();
        for (Condition c : conjuncts(later)) {
            known.add(c);
            protocolOf(c).ifPresent(p -> known.add(new Condition.Present(p)));
        }
        for (Condition c : conjuncts(earlier)) {
            if (c instanceof Condition.Constant k && k.value()) continue;
            if (!known.contains(c)) return false;
        }
        return true;
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
        else if (c instanceof Condition.InSet x) f = x.field();
        else if (c instanceof Condition.Present x && !x.field().isProtocolTest()) f = x.field();
        else return Optional.empty();
        String name = f.scriptName();
        int dot = name.indexOf('.');
        if (dot < 0 || name.startsWith("pkt.")) return Optional.empty();
        try {
            return Optional.of(PacketField.byScriptName(name.substring(0, dot)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
