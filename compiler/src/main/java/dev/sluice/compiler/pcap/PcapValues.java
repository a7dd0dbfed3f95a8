package dev.sluice.compiler.pcap;

import dev.sluice.compiler.pcap.PcapTest.Arith;
import dev.sluice.compiler.pcap.PcapTest.Value;

/**
 * Values as libpcap's value numbering sees them: {@link #canonical} writes one value one way (a load
 * at a constant offset as an offset from the frame's start), so that two values are one number
 * exactly when they are equal records; {@link #folded} is what its second optimiser loop makes of a
 * value by folding constants, and it drops the loads whose result no longer matters ({@code x & 0}
 * is 0 whatever x is: libpcap removes the load as a dead store).
 */
final class PcapValues {
    private PcapValues() {}

    static Value canonical(Value v) {
        if (v instanceof Value.Load l) {
            Value dynamic = canonical(l.dynamic());
            if (dynamic instanceof Value.Constant c && c.value() != 0) return new Value.Load(new Value.Constant(0), c.value() + l.offset(), l.size());
            return new Value.Load(dynamic, l.offset(), l.size());
        }
        if (v instanceof Value.Binary b) return new Value.Binary(b.op(), canonical(b.left()), canonical(b.right()));
        if (v instanceof Value.Negate n) return new Value.Negate(canonical(n.operand()));
        return v;
    }

    static Value folded(Value v) {
        if (v instanceof Value.Negate n) {
            Value x = folded(n.operand());
            return x instanceof Value.Constant k ? new Value.Constant(-k.value() & 0xffffffffL) : new Value.Negate(x);
        }
        if (v instanceof Value.Load l) {
            Value dynamic = folded(l.dynamic());
            // ld [x + k] with x known becomes ld [k + x], the 32-bit sum.
            if (dynamic instanceof Value.Constant c && c.value() != 0) return new Value.Load(new Value.Constant(0), (c.value() + l.offset()) & 0xffffffffL, l.size());
            return new Value.Load(dynamic, l.offset(), l.size());
        }
        if (!(v instanceof Value.Binary b)) return v;
        Value left = folded(b.left());
        Value right = folded(b.right());
        if (right instanceof Value.Constant k) {
            if (k.value() == 0) {
                switch (b.op()) {
                    case ADD, LSH, RSH, OR, XOR: return left;
                    case MUL, AND: return new Value.Constant(0);
                    default: break;
                }
            }
            if (left instanceof Value.Constant a && !((b.op() == Arith.DIV || b.op() == Arith.MOD) && k.value() == 0)) {
                return new Value.Constant(apply(b.op(), a.value(), k.value()));
            }
        } else if (left instanceof Value.Constant a && a.value() == 0) {
            switch (b.op()) {
                case ADD, OR, XOR: return right;
                case MUL, DIV, MOD, AND, LSH, RSH: return new Value.Constant(0);
                default: break;
            }
        }
        return new Value.Binary(b.op(), left, right);
    }

    /** classic BPF's 32-bit arithmetic on constants (shifts of 32 or more give 0). */
    static long apply(Arith op, long a, long b) {
        long r = switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MOD -> a % b;
            case AND -> a & b;
            case OR -> a | b;
            case XOR -> a ^ b;
            case LSH -> b < 32 ? a << b : 0;
            case RSH -> b < 32 ? a >>> b : 0;
        };
        return r & 0xffffffffL;
    }

    private static final long ANY = 0xffffffffL;

    /**
     * The largest value {@code v} can take (unsigned 32-bit), from its loads' widths and its constants;
     * {@code 0xffffffff} when nothing smaller is sure (a subtraction, a slot, the length).
     */
    static long largest(Value v) {
        return largest(v, new long[0]);
    }

    /** {@link #largest(Value)}, with the largest value each scratch slot can hold ({@code slots[i]}; none known past the end). */
    static long largest(Value v, long[] slots) {
        if (v instanceof Value.Constant k) return k.value() & ANY;
        if (v instanceof Value.Load l) return (1L << 8 * l.size()) - 1;
        if (v instanceof Value.HeaderLength) return 60;
        if (v instanceof Value.Slot s) return s.slot() < slots.length ? slots[s.slot()] : ANY;
        if (!(v instanceof Value.Binary b)) return ANY;
        long left = largest(b.left(), slots);
        long right = largest(b.right(), slots);
        long k = b.right() instanceof Value.Constant c ? c.value() : -1;
        long r = switch (b.op()) {
            case ADD -> left + right;
            case MUL -> left > 0 && right > ANY / left ? ANY + 1 : left * right;
            case AND -> Math.min(left, right);
            case OR, XOR -> Math.max(0, Long.highestOneBit(Math.max(left, right)) * 2 - 1);
            case RSH -> k >= 0 && k < 32 ? left >>> k : left;
            case LSH -> k >= 0 && k < 32 ? left << k : ANY;
            case DIV, MOD -> left;
            case SUB -> ANY;
        };
        return r > ANY ? ANY : r;
    }

    /**
     * The largest value each of the {@code count} scratch slots can hold, given every value stored
     * in them (a slot holds 0 before its first store): the bounds grow from 0 until they hold still;
     * a slot whose bound still grows after a few rounds (a slot stored from itself) is unbounded.
     */
    static long[] slotBounds(java.util.List<PcapTest.Assign> stores, int count) {
        long[] bounds = new long[count];
        for (int round = 0; round <= count + 1; round++) {
            long[] next = bounds.clone();
            for (PcapTest.Assign a : stores) next[a.slot()] = Math.max(next[a.slot()], largest(a.value(), bounds));
            if (java.util.Arrays.equals(next, bounds)) return bounds;
            bounds = next;
        }
        java.util.Arrays.fill(bounds, ANY);
        return bounds;
    }

    /** The offsets of the header lengths ({@code 4*([k]&0xf)}) {@code v} computes. */
    static java.util.Set<Long> headerLengths(Value v) {
        java.util.Set<Long> out = new java.util.HashSet<>();
        collect(v, out);
        return out;
    }

    private static void collect(Value v, java.util.Set<Long> out) {
        if (v instanceof Value.HeaderLength h) out.add(h.offset());
        else if (v instanceof Value.Load l) collect(l.dynamic(), out);
        else if (v instanceof Value.Negate n) collect(n.operand(), out);
        else if (v instanceof Value.Binary b) {
            collect(b.left(), out);
            collect(b.right(), out);
        }
    }
}
