package dev.sluice.compiler.codegen;

import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.compiler.lower.Condition;
import dev.sluice.compiler.lower.FilterProgram;
import dev.sluice.compiler.lower.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The IP version tests a conjunction need not make: in {@code ip6 and tcp.dport == 443}, when the
 * parse reads transport headers behind IPv6 only ({@link UsedFields#readOnlyUnder}: every rule
 * reading them requires {@code ip6}, and none reads one behind IPv4), the port is present only
 * behind an IPv6 header, so the port's test implies {@code ip6}'s and {@code ip6} is dropped from
 * the conjunction (and so from the parse, when nothing else reads it: no presence word, the port
 * in r6). The same for {@code ip} behind IPv4. Each conjunction keeps its truth on every frame, so
 * the rewrite may reach into any condition. The parse must be told the sets the original program
 * gave ({@link #onlyIpv4}, {@link #onlyIpv6}): the rewritten one no longer requires the version.
 *
 * @param program the program with the implied tests dropped
 * @param onlyIpv4 the fields parsed behind IPv4 only, from the original program
 * @param onlyIpv6 the fields parsed behind IPv6 only, from the original program
 */
record ImpliedVersionTests(FilterProgram program, Set<PacketField> onlyIpv4, Set<PacketField> onlyIpv6) {
    /** Transport tests and fields a failed test of which means "absent", so its holding shows the header there. */
    private static final Set<PacketField> TESTED = ParsedFields.TRANSPORT_FIELDS;
    /** Whatever makes the parse read a transport header ({@link ParsedFields#needsTransport}). */
    private static final Set<PacketField> TRANSPORT = transport();

    static ImpliedVersionTests of(FilterProgram original) {
        Set<PacketField> only4 = UsedFields.readOnlyUnder(original, PacketField.IP);
        Set<PacketField> only6 = UsedFields.readOnlyUnder(original, PacketField.IP6);
        Set<PacketField> used = UsedFields.of(original);
        // Only when no transport header is parsed behind the other version at all: TCP and UDP's code is shared by both.
        Set<PacketField> behind4 = onlyBehind(used, only4, PacketField.ICMP6, PacketField.ICMP6_TYPE, PacketField.ICMP6_CODE);
        Set<PacketField> behind6 = onlyBehind(used, only6, PacketField.ICMP, PacketField.ICMP_TYPE, PacketField.ICMP_CODE);
        if (behind4.isEmpty() == behind6.isEmpty()) return new ImpliedVersionTests(original, only4, only6);
        FilterProgram p = original;
        FilterProgram rewritten = new FilterProgram(p.access(), statements(p.body(), behind4, behind6), p.defaultVerdict(), p.counters(),
                p.sets(), p.keyedCounters(), p.redirectTargets(), p.printFormats(), p.trace());
        return new ImpliedVersionTests(rewritten, only4, only6);
    }

    /**
     * The tested transport fields that show the version: all of them when every transport field
     * used is read behind that version only and nothing makes the other version parse one (its
     * ICMP, a tunnel, the inner layer); else none.
     */
    private static Set<PacketField> onlyBehind(Set<PacketField> used, Set<PacketField> only, PacketField... otherIcmp) {
        Set<PacketField> none = EnumSet.noneOf(PacketField.class);
        if (used.stream().anyMatch(PacketField::isInner) || used.contains(PacketField.VXLAN_VNI) || used.contains(PacketField.GENEVE_VNI)) {
            return none;
        }
        for (PacketField f : otherIcmp) if (used.contains(f)) return none;
        boolean anyTransport = false;
        for (PacketField f : used) {
            if (!TRANSPORT.contains(f)) continue;
            if (!only.contains(f)) return none;
            anyTransport = true;
        }
        return anyTransport ? EnumSet.copyOf(TESTED) : none;
    }

    private static List<Statement> statements(List<Statement> body, Set<PacketField> behind4, Set<PacketField> behind6) {
        List<Statement> out = new ArrayList<>(body.size());
        for (Statement s : body) {
            if (s instanceof Statement.When w) {
                out.add(new Statement.When(condition(w.condition(), behind4, behind6), statements(w.body(), behind4, behind6)));
            } else {
                out.add(s);
            }
        }
        return out;
    }

    private static Condition condition(Condition c, Set<PacketField> behind4, Set<PacketField> behind6) {
        if (c instanceof Condition.Not not) return new Condition.Not(condition(not.condition(), behind4, behind6));
        if (c instanceof Condition.Any any) {
            return new Condition.Any(any.conditions().stream().map(x -> condition(x, behind4, behind6)).toList());
        }
        if (!(c instanceof Condition.All all)) return c;
        List<Condition> parts = all.conditions().stream().map(x -> condition(x, behind4, behind6)).toList();
        boolean shows4 = parts.stream().anyMatch(x -> shows(x, behind4));
        boolean shows6 = parts.stream().anyMatch(x -> shows(x, behind6));
        List<Condition> kept = parts.stream().filter(x -> !(shows4 && isPresent(x, PacketField.IP)) && !(shows6 && isPresent(x, PacketField.IP6)))
                .toList();
        return kept.size() == 1 ? kept.get(0) : new Condition.All(kept);
    }

    private static boolean isPresent(Condition c, PacketField field) {
        return c instanceof Condition.Present p && p.field() == field;
    }

    /** Whether {@code c} holds only when one of {@code fields} is present (every test of a field fails when it is absent). */
    private static boolean shows(Condition c, Set<PacketField> fields) {
        if (c instanceof Condition.Present p) return fields.contains(p.field());
        if (c instanceof Condition.Compare cmp) return fields.contains(cmp.field());
        if (c instanceof Condition.AnyBits bits) return fields.contains(bits.field());
        if (c instanceof Condition.InIntervals in) return fields.contains(in.field());
        if (c instanceof Condition.InSet in) return fields.contains(in.field());
        return false;
    }

    private static Set<PacketField> transport() {
        Set<PacketField> all = EnumSet.copyOf(TESTED);
        all.add(PacketField.PAYLOAD_START);
        all.add(PacketField.TRANSPORT_START);
        return all;
    }
}
