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
}
