package dev.sluice.tests.codegen;

import dev.sluice.compiler.image.AggregateKind;
import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.compiler.lower.Condition;
import dev.sluice.compiler.lower.FilterProgram;
import dev.sluice.compiler.lower.Statement;
import dev.sluice.compiler.lower.ValueSet;
import dev.sluice.tests.reference.ParsedPacket;
import java.util.List;
import java.util.Optional;

/** Plain-Java evaluation of a lowered program on a reference-parsed packet. */
final class FilterReference {
    private FilterReference() {}

    /** The verdict, adding to {@code counters}. */
    static int run(FilterProgram program, ParsedPacket packet, long[] counters) {
        return run(program, packet, counters, new java.util.ArrayList<>());
    }

    /** The verdict, adding to {@code counters} and to {@code keyed} (per keyed counter: hex key to count). */
    static int run(FilterProgram program, ParsedPacket packet, long[] counters, List<java.util.Map<String, Long>> keyed) {
        while (keyed.size() < program.keyedCounters().size()) keyed.add(new java.util.TreeMap<>());
        Optional<Integer> v = new FilterReference.Run(program, keyed).statements(program.body(), packet, counters);
        return v.orElse(program.defaultVerdict());
    }

    /**
     * The key bytes of a keyed aggregate fed by {@code fields} for this packet (8 little-endian bytes per slot, then a
     * histogram's bucket of {@code value}; 8 zero bytes for no key), or empty when a field is absent.
     */
    static Optional<String> key(FilterProgram.KeyedCounter k, List<PacketField> fields, ParsedPacket p, Optional<Long> value) {
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(k.keySize()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        if (k.arrayBacked()) {
            Optional<Long> v = value(fields.get(0), p, 0);
            if (v.isEmpty()) return Optional.empty();
            return Optional.of(java.util.HexFormat.of().formatHex(out.putInt((int) (long) v.get()).array()));
        }
        for (PacketField f : fields) {
            for (int slot = 0; slot < f.slots(); slot++) {
                Optional<Long> v = value(f, p, slot);
                if (v.isEmpty()) return Optional.empty();
                out.putLong(v.get());
            }
        }
        if (k.kind() == AggregateKind.HIST) out.putLong(bucket(value.orElseThrow()));
        return Optional.of(java.util.HexFormat.of().formatHex(out.array()));
    }

    /** An arithmetic value on the packet: absent when a field in it is; x / 0 and x % 0 are 0. */
    static Optional<Long> evaluate(Condition.Value v, ParsedPacket p) {
        if (v instanceof Condition.Value.Field f) return value(f.field(), p, 0);
        if (v instanceof Condition.Value.Constant k) return Optional.of(k.value());
        Condition.Value.Binary b = (Condition.Value.Binary) v;
        Optional<Long> l = evaluate(b.left(), p), r = evaluate(b.right(), p);
        if (l.isEmpty() || r.isEmpty()) return Optional.empty();
        long x = l.get(), y = r.get();
        switch (b.op()) {
            case MUL: return Optional.of(x * y);
            case DIV: return Optional.of(y == 0 ? 0 : Long.divideUnsigned(x, y));
            case MOD: return Optional.of(y == 0 ? 0 : Long.remainderUnsigned(x, y));
            case ADD: return Optional.of(x + y);
            case SUB: return Optional.of(x - y);
            case SHL: return Optional.of(x << (y & 63));
            case SHR: return Optional.of(x >>> (y & 63));
            case AND: return Optional.of(x & y);
            default: return Optional.of(x | y);
        }
    }

    /** 0 for 0, else floor(log2(v)) + 1, with v unsigned. */
    static long bucket(long v) {
        return v == 0 ? 0 : 64 - Long.numberOfLeadingZeros(v);
    }

    private record Run(FilterProgram program, List<java.util.Map<String, Long>> keyed) {
        List<ValueSet> sets() {
            return program.sets();
        }

        Optional<Integer> statements(List<Statement> body, ParsedPacket p, long[] counters) {
            for (Statement s : body) {
                if (s instanceof Statement.Verdict v) return Optional.of(v.code());
                if (s instanceof Statement.Count c) counters[c.counter()]++;
                if (s instanceof Statement.CountBy c) {
                    key(program.keyedCounters().get(c.counter()), c.key(), p, Optional.empty())
                            .ifPresent(k -> keyed.get(c.counter()).merge(k, 1L, Long::sum));
                }
                if (s instanceof Statement.Sum sum) {
                    Optional<Long> v = evaluate(sum.value(), p);
                    if (v.isPresent()) {
                        key(program.keyedCounters().get(sum.aggregate()), sum.key(), p, v)
                                .ifPresent(k -> keyed.get(sum.aggregate()).merge(k, v.get(), Long::sum));
                    }
                }
                if (s instanceof Statement.Hist hist) {
                    Optional<Long> v = evaluate(hist.value(), p);
                    if (v.isPresent()) {
                        key(program.keyedCounters().get(hist.aggregate()), hist.key(), p, v)
                                .ifPresent(k -> keyed.get(hist.aggregate()).merge(k, 1L, Long::sum));
                    }
                }
                if (s instanceof Statement.When w && holds(w.condition(), p, sets())) {
                    Optional<Integer> inner = statements(w.body(), p, counters);
                    if (inner.isPresent()) return inner;
                }
            }
            return Optional.empty();
        }
    }

    static boolean holds(Condition c, ParsedPacket p, List<ValueSet> sets) {
        if (c instanceof Condition.InSet in) {
            ValueSet set = sets.get(in.set());
            Optional<Long> high = value(in.field(), p, 0);
            if (high.isEmpty()) return false;
            long low = in.field().slots() == 2 ? value(in.field(), p, 1).orElseThrow() : 0;
            for (ValueSet.Member m : set.members()) {
                if (set.kind() == ValueSet.Kind.EXACT) {
                    if (m.high() == high.get() && (in.field().slots() == 1 || m.low() == low)) return true;
                } else if (holds(new Condition.Prefix(in.field(), m.high(), m.low(), m.bits()), p, sets)) {
                    return true;
                }
            }
            return false;
        }
        if (c instanceof Condition.Constant k) return k.value();
        if (c instanceof Condition.Present pr) {
            return pr.field().isProtocolTest() ? p.is(pr.field().scriptName()) : value(pr.field(), p, 0).isPresent();
        }
        if (c instanceof Condition.Compare cmp) {
            return value(cmp.field(), p, 0).map(v -> cmp.op().test(v, cmp.value())).orElse(false);
        }
        if (c instanceof Condition.Prefix pre) {
            Optional<Long> high = value(pre.field(), p, 0);
            if (high.isEmpty()) return false;
            int width = pre.field().slots() == 2 ? 128 : pre.field().scriptName().startsWith("ip.") ? 32 : 64;
            if (width == 128) {
                long low = value(pre.field(), p, 1).orElseThrow();
                return topBits(high.get(), pre.high(), Math.min(64, pre.bits()), 64)
                        && (pre.bits() <= 64 || topBits(low, pre.low(), pre.bits() - 64, 64));
            }
            return topBits(high.get(), pre.high(), pre.bits(), width);
        }
        if (c instanceof Condition.All all) return all.conditions().stream().allMatch(x -> holds(x, p, sets));
        if (c instanceof Condition.Any any) return any.conditions().stream().anyMatch(x -> holds(x, p, sets));
        return !holds(((Condition.Not) c).condition(), p, sets);
    }

    private static boolean topBits(long value, long prefix, int bits, int width) {
        if (bits == 0) return true;
        long mask = width == 64 ? -1L : (1L << width) - 1;
        int shift = width - bits;
        return ((value & mask) >>> shift) == ((prefix & mask) >>> shift);
    }

    /** A field as a number: integers as they are, addresses and MACs big-endian (IPv6: slot 0 high, 1 low). */
    static Optional<Long> value(PacketField f, ParsedPacket p, int slot) {
        Optional<Long> integer = p.integer(f.scriptName());
        if (integer.isPresent()) return integer;
        if (f == PacketField.COMM) {
            // comm is kept as its raw 16 bytes, so each slot reads them little-endian.
            return p.address("comm").map(b -> java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(8 * slot));
        }
        return p.address(f.scriptName()).map(bytes -> {
            long v = 0;
            int from = slot * 8;
            int to = Math.min(bytes.length, from + 8);
            for (int i = from; i < to; i++) v = v << 8 | (bytes[i] & 0xff);
            return v;
        });
    }
}
