package dev.sluice.tests.codegen;

import dev.sluice.compiler.codegen.PacketField;
import dev.sluice.compiler.codegen.PacketParser;
import dev.sluice.compiler.lower.Condition;
import dev.sluice.compiler.lower.FilterProgram;
import dev.sluice.compiler.lower.Statement;
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

    private RandomFilters() {}

    static Arbitrary<FilterProgram> programs(PacketParser.Access access) {
        List<Integer> verdicts = access == PacketParser.Access.XDP ? List.of(0, 1, 2, 3) : List.of(0, 2);
        int pass = access == PacketParser.Access.XDP ? 2 : 0;
        return statements(2, verdicts).list().ofMinSize(1).ofMaxSize(6)
                .map(lists -> lists.stream().flatMap(List::stream).toList())
                .map(body -> new FilterProgram(access, body, pass, COUNTERS));
    }

    private static Arbitrary<List<Statement>> statements(int depth, List<Integer> verdicts) {
        Arbitrary<Statement> verdict = Arbitraries.of(verdicts).map(Statement.Verdict::new);
        Arbitrary<Statement> count = Arbitraries.integers().between(0, COUNTERS - 1).map(Statement.Count::new);
        Arbitrary<Statement> leaf = Arbitraries.frequencyOf(Tuple.of(2, verdict), Tuple.of(3, count));
        if (depth == 0) return leaf.map(List::of);
        Arbitrary<List<Statement>> body = Arbitraries.lazy(() -> statements(depth - 1, verdicts))
                .list().ofMaxSize(3).map(l -> l.stream().flatMap(List::stream).toList());
        Arbitrary<Statement> when = Combinators.combine(conditions(3), body).as(Statement.When::new);
        return Arbitraries.frequencyOf(Tuple.of(1, leaf), Tuple.of(3, when)).map(List::of);
    }

    static Arbitrary<Condition> conditions(int depth) {
        Arbitrary<Condition> leaf = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(PacketField.class).map(Condition.Present::new)),
                Tuple.of(6, compare()),
                Tuple.of(2, prefix()),
                Tuple.of(1, Arbitraries.of(true, false).map(Condition.Constant::new)));
        if (depth == 0) return leaf;
        Arbitrary<Condition> smaller = Arbitraries.lazy(() -> conditions(depth - 1));
        return Arbitraries.frequencyOf(
                Tuple.of(5, leaf),
                Tuple.of(1, smaller.list().ofMinSize(1).ofMaxSize(3).map(Condition.All::new)),
                Tuple.of(1, smaller.list().ofMinSize(1).ofMaxSize(3).map(Condition.Any::new)),
                Tuple.of(1, smaller.map(Condition.Not::new)));
    }

    private static Arbitrary<Condition> compare() {
        List<PacketField> oneSlot = new ArrayList<>();
        for (PacketField f : PacketField.values()) if (f.slots() == 1) oneSlot.add(f);
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
