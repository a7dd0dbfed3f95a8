package dev.sluice.tests.codegen;

import dev.sluice.compiler.hooks.ContextAccess;

import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.compiler.codegen.PacketParser;
import dev.sluice.compiler.lower.Condition;
import dev.sluice.compiler.lower.FieldKind;
import dev.sluice.compiler.lower.FilterProgram;
import dev.sluice.compiler.lower.Statement;
import dev.sluice.compiler.lower.ValueSet;
import dev.sluice.tests.reference.Pools;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Random lowered programs whose constants come from the same pools as the random packets. */
final class RandomFilters {
    static final int COUNTERS = 4;
    /**
     * The fields a packet program can read (the checker refuses trace and device fields there): the
     * later packet fields share presence bits with those, which no program reads together. Header starts
     * are read by raw bytes only (ModelPropertiesTest draws those).
     */
    static final List<PacketField> PACKET_FIELDS = java.util.Arrays.stream(PacketField.values())
            .filter(f -> f.domain() == PacketField.Domain.PACKET && !f.isHeaderStart()).toList();

    private RandomFilters() {}

    static Arbitrary<FilterProgram> programs(ContextAccess access) {
        List<Integer> verdicts = access == ContextAccess.XDP ? List.of(0, 1, 2, 3)
                : access == ContextAccess.SKB ? List.of(0, 2) : List.of(0, 1);
        int pass = access == ContextAccess.XDP ? 2 : access == ContextAccess.SKB ? 0 : 1;
        return Combinators.combine(sets().list().ofMaxSize(2), keyedCounters().list().ofMaxSize(2)).flatAs((sets, keyed) -> {
            List<ValueSet> named = new ArrayList<>();
            for (int i = 0; i < sets.size(); i++) {
                ValueSet s = sets.get(i);
                named.add(new ValueSet("set" + i, s.field(), s.kind(), s.members()));
            }
            return statements(2, verdicts, named, keyed).list().ofMinSize(1).ofMaxSize(6)
                    .map(lists -> lists.stream().flatMap(List::stream).toList())
                    .map(body -> new FilterProgram(access, body, pass, COUNTERS, named, keyed));
        });
    }

    /** Counters by one or two fields (any with a value), up to 64 keys. */
    static Arbitrary<FilterProgram.KeyedCounter> keyedCounters() {
        List<PacketField> valued = new ArrayList<>();
        for (PacketField f : PACKET_FIELDS) if (!f.isProtocolTest()) valued.add(f);
        return Arbitraries.of(valued).list().ofMinSize(1).ofMaxSize(2)
                .map(key -> new FilterProgram.KeyedCounter("by", key, 64));
    }

    /** Exact sets of a one- or two-slot field, or prefix sets of an address field, from the pools. */
    static Arbitrary<ValueSet> sets() {
        List<PacketField> valued = new ArrayList<>();
        for (PacketField f : PACKET_FIELDS) if (!f.isProtocolTest()) valued.add(f);
        Arbitrary<ValueSet> exact = Arbitraries.of(valued).flatMap(f -> {
            Arbitrary<ValueSet.Member> member = f.slots() == 2
                    ? (f == PacketField.IP6_SRC || f == PacketField.IP6_DST ? Pools.ipv6() : Arbitraries.just(new byte[16]))
                            .map(a -> new ValueSet.Member(number(java.util.Arrays.copyOf(a, 8)),
                                    number(java.util.Arrays.copyOfRange(a, 8, 16)), 128))
                    : valueFor(f).map(v -> new ValueSet.Member(v, 0, 64));
            return member.list().ofMinSize(1).ofMaxSize(20).map(m -> new ValueSet("s", f, ValueSet.Kind.EXACT, m));
        });
        Arbitrary<ValueSet> v4 = Arbitraries.of(PacketField.IP_SRC, PacketField.IP_DST).flatMap(f -> Combinators.combine(
                        Pools.ipv4(), Arbitraries.integers().between(0, 32))
                .as((a, bits) -> new ValueSet.Member(number(a), 0, bits)).list().ofMinSize(1).ofMaxSize(10)
                .map(m -> new ValueSet("s", f, ValueSet.Kind.PREFIX, m)));
        Arbitrary<ValueSet> v6 = Arbitraries.of(PacketField.IP6_SRC, PacketField.IP6_DST).flatMap(f -> Combinators.combine(
                        Pools.ipv6(), Arbitraries.integers().between(0, 128))
                .as((a, bits) -> new ValueSet.Member(number(java.util.Arrays.copyOf(a, 8)),
                        number(java.util.Arrays.copyOfRange(a, 8, 16)), bits)).list().ofMinSize(1).ofMaxSize(10)
                .map(m -> new ValueSet("s", f, ValueSet.Kind.PREFIX, m)));
        return Arbitraries.oneOf(exact, v4, v6);
    }

    private static Arbitrary<List<Statement>> statements(int depth, List<Integer> verdicts, List<ValueSet> sets,
                                                         List<FilterProgram.KeyedCounter> keyed) {
        Arbitrary<Statement> verdict = Arbitraries.of(verdicts).map(Statement.Verdict::new);
        Arbitrary<Statement> count = Arbitraries.integers().between(0, COUNTERS - 1).map(Statement.Count::new);
        Arbitrary<Statement> countBy = keyed.isEmpty() ? count
                : Arbitraries.integers().between(0, keyed.size() - 1)
                        .flatMap(i -> feeder(keyed.get(i).key()).map(key -> new Statement.CountBy(i, key)));
        Arbitrary<Statement> leaf = Arbitraries.frequencyOf(Tuple.of(2, verdict), Tuple.of(3, count), Tuple.of(keyed.isEmpty() ? 0 : 3, countBy));
        if (depth == 0) return leaf.map(List::of);
        Arbitrary<List<Statement>> body = Arbitraries.lazy(() -> statements(depth - 1, verdicts, sets, keyed))
                .list().ofMaxSize(3).map(l -> l.stream().flatMap(List::stream).toList());
        Arbitrary<Statement> when = Combinators.combine(conditions(3, sets), body).as(Statement.When::new);
        return Arbitraries.frequencyOf(Tuple.of(1, leaf), Tuple.of(3, when)).map(List::of);
    }

    /** The counter's own key fields, or (as often) other fields of the same key types: one counter fed from two places. */
    static Arbitrary<List<PacketField>> feeder(List<PacketField> key) {
        Arbitrary<List<PacketField>> other = Arbitraries.just(List.<PacketField>of());
        for (PacketField f : key) {
            List<PacketField> sameType = PACKET_FIELDS.stream()
                    .filter(g -> !g.isProtocolTest() && g.domain() == f.domain() && FieldKind.keyType(g).equals(FieldKind.keyType(f))).toList();
            other = other.flatMap(prefix -> Arbitraries.of(sameType).map(g -> {
                List<PacketField> out = new ArrayList<>(prefix);
                out.add(g);
                return out;
            }));
        }
        return Arbitraries.oneOf(Arbitraries.just(key), other);
    }

    static Arbitrary<Condition> conditions(int depth, List<ValueSet> sets) {
        Arbitrary<Condition> inSet = sets.isEmpty() ? Arbitraries.of(true, false).map(Condition.Constant::new)
                : Arbitraries.integers().between(0, sets.size() - 1).map(i -> new Condition.InSet(sets.get(i).field(), i));
        Arbitrary<Condition> leaf = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(PACKET_FIELDS).map(Condition.Present::new)),
                Tuple.of(6, compare()),
                Tuple.of(2, prefix()),
                Tuple.of(sets.isEmpty() ? 0 : 4, inSet),
                Tuple.of(1, Arbitraries.of(true, false).map(Condition.Constant::new)));
        if (depth == 0) return leaf;
        Arbitrary<Condition> smaller = Arbitraries.lazy(() -> conditions(depth - 1, sets));
        return Arbitraries.frequencyOf(
                Tuple.of(5, leaf),
                Tuple.of(1, smaller.list().ofMinSize(1).ofMaxSize(3).map(Condition.All::new)),
                Tuple.of(1, smaller.list().ofMinSize(1).ofMaxSize(3).map(Condition.Any::new)),
                Tuple.of(1, smaller.map(Condition.Not::new)));
    }

    private static Arbitrary<Condition> compare() {
        List<PacketField> oneSlot = new ArrayList<>();
        for (PacketField f : PACKET_FIELDS) if (f.slots() == 1) oneSlot.add(f);
        return Arbitraries.of(oneSlot).flatMap(f -> Combinators.combine(Arbitraries.of(Condition.CompareOp.class), valueFor(f))
                .as((op, v) -> new Condition.Compare(f, op, v)));
    }

    static Arbitrary<Long> valueFor(PacketField f) {
        String name = f.scriptName();
        if (name.endsWith("port")) return Pools.ports().map(Integer::longValue);
        if (name.equals("ip.src") || name.equals("ip.dst")) return Pools.ipv4().map(RandomFilters::number);
        if (name.equals("eth.src") || name.equals("eth.dst")) return Pools.macs().map(RandomFilters::number);
        if (name.equals("eth.type")) return Arbitraries.of(0x0800L, 0x86ddL, 0x0806L, 0x8100L, 0x88a8L, 0x0600L);
        if (name.equals("ip.proto") || name.equals("ip6.next")) return Arbitraries.of(1L, 6L, 17L, 58L, 0L, 44L, 255L);
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 255), Arbitraries.longs().between(0, 0xffff),
                Arbitraries.of(0L, 1L, 0x12L, 0x02L, 0xfffL));
    }

    private static Arbitrary<Condition> prefix() {
        Arbitrary<Condition> v4 = Combinators.combine(Arbitraries.of(PacketField.IP_SRC, PacketField.IP_DST), Pools.ipv4(),
                Arbitraries.integers().between(0, 32)).as((f, a, bits) -> new Condition.Prefix(f, number(a), 0, bits));
        Arbitrary<Condition> v6 = Combinators.combine(Arbitraries.of(PacketField.IP6_SRC, PacketField.IP6_DST), Pools.ipv6(),
                Arbitraries.integers().between(0, 128)).as((f, a, bits) -> new Condition.Prefix(f,
                number(java.util.Arrays.copyOf(a, 8)), number(java.util.Arrays.copyOfRange(a, 8, 16)), bits));
        return Arbitraries.oneOf(v4, v6);
    }

    static long number(byte[] bytes) {
        long v = 0;
        for (byte x : bytes) v = v << 8 | (x & 0xff);
        return v;
    }
}
