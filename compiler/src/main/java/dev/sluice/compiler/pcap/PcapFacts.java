package dev.sluice.compiler.pcap;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the tests passed on the way to a point say about packet bytes: a (masked) load at a constant
 * offset is equal to one constant, or differs from some. libpcap's optimiser finds the same by
 * value numbering (after {@code ether proto 0x86dd} failed, {@code ether proto 0x800} is still a
 * test; after it held, the IPv4 tests are known false). Immutable; {@link #meet} keeps what holds
 * on both of two joining paths.
 */
final class PcapFacts {
    /** {@code size} bytes at {@code offset}, ANDed with {@code mask} (0xffffffff for none). */
    record Key(long offset, int size, long mask) {}

    static final PcapFacts NONE = new PcapFacts(Map.of(), Map.of());

    /** The bytes an equality or inequality with a constant compares, if they are at a constant offset. */
    static Optional<Key> key(PcapTest.Compare c) {
        if ((c.op() != PcapTest.Op.EQ && c.op() != PcapTest.Op.NE) || !(c.right() instanceof PcapTest.Value.Constant)) return Optional.empty();
        PcapTest.Value left = c.left();
        long mask = 0xffffffffL;
        if (left instanceof PcapTest.Value.Binary bin && bin.op() == PcapTest.Arith.AND && bin.right() instanceof PcapTest.Value.Constant m) {
            mask = m.value();
            left = bin.left();
        }
        if (left instanceof PcapTest.Value.Load l && l.dynamic() instanceof PcapTest.Value.Constant base) {
            return Optional.of(new Key(base.value() + l.offset(), l.size(), mask));
        }
        return Optional.empty();
    }

    /** The constant {@code c} compares with (see {@link #key}). */
    static long constant(PcapTest.Compare c) {
        return ((PcapTest.Value.Constant) c.right()).value();
    }

    private final Map<Key, Long> equal;
    private final Map<Key, Set<Long>> unequal;

    private PcapFacts(Map<Key, Long> equal, Map<Key, Set<Long>> unequal) {
        this.equal = equal;
        this.unequal = unequal;
    }

    /** Whether {@code key == value} is known: true, false, or unknown (empty). */
    Optional<Boolean> equals(Key key, long value) {
        Long is = equal.get(key);
        if (is != null) return Optional.of(is == value);
        Set<Long> not = unequal.get(key);
        if (not != null && not.contains(value)) return Optional.of(false);
        return Optional.empty();
    }

    PcapFacts withEqual(Key key, long value) {
        Map<Key, Long> e = new HashMap<>(equal);
        e.put(key, value);
        Map<Key, Set<Long>> u = new HashMap<>(unequal);
        u.remove(key);
        return new PcapFacts(e, u);
    }

    PcapFacts withUnequal(Key key, long value) {
        if (equal.containsKey(key)) return this;
        Map<Key, Set<Long>> u = new HashMap<>(unequal);
        Set<Long> values = new HashSet<>(u.getOrDefault(key, Set.of()));
        values.add(value);
        u.put(key, values);
        return new PcapFacts(equal, u);
    }

    /** What both know. */
    PcapFacts meet(PcapFacts other) {
        if (other == this) return this;
        Map<Key, Long> e = new HashMap<>();
        equal.forEach((k, v) -> {
            if (v.equals(other.equal.get(k))) e.put(k, v);
        });
        Map<Key, Set<Long>> u = new HashMap<>();
        for (Key k : unequal.keySet()) {
            Set<Long> both = new HashSet<>(unequal.get(k));
            Long otherIs = other.equal.get(k);
            both.removeIf(v -> !(other.unequal.getOrDefault(k, Set.of()).contains(v) || otherIs != null && !otherIs.equals(v)));
            if (!both.isEmpty()) u.put(k, both);
        }
        for (Key k : other.unequal.keySet()) {
            Long mine = equal.get(k);
            if (mine == null || u.containsKey(k)) continue;
            Set<Long> both = new HashSet<>(other.unequal.get(k));
            both.removeIf(mine::equals);
            if (!both.isEmpty()) u.put(k, both);
        }
        return new PcapFacts(e, u);
    }
}
