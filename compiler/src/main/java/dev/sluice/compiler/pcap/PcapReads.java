package dev.sluice.compiler.pcap;

import dev.sluice.compiler.pcap.PcapTest.Value;

/**
 * The bytes a value reads, for hoisting bounds checks: a read past the end rejects the packet, as a
 * failing test does, so a check that the frame holds N bytes may move up to any point from which
 * every path to "holds" reads at least N bytes from the start (libpcap would have rejected the
 * shorter packet anyway, whichever way it went). Only loads at constant offsets count.
 * {@link #NONE} stands for "no path accepts".
 */
final class PcapReads {
    /** The largest offset a load may start at: an offset is bounded for the verifier, below 64 KiB. */
    static final int MAX_OFFSET = 0xffff - 4;
    /** No path: any bound holds over it. */
    static final int NONE = Integer.MAX_VALUE;

    private PcapReads() {}

    /** The end of the furthest constant-offset load {@code v} evaluates (0 when none). */
    static int of(Value v) {
        if (v instanceof Value.Load l) {
            if (!(l.dynamic() instanceof Value.Constant k)) return of(l.dynamic());
            long end = k.value() + l.offset() + l.size();
            return end <= MAX_OFFSET + 4 ? (int) end : 0;
        }
        if (v instanceof Value.HeaderLength h) return h.offset() + 1 <= MAX_OFFSET + 4 ? (int) h.offset() + 1 : 0;
        if (v instanceof Value.Binary b) return Math.max(of(b.left()), of(b.right()));
        if (v instanceof Value.Negate n) return of(n.operand());
        return 0;
    }

    /** An upper bound of {@code v} (unsigned 32-bit), as the verifier can also see it. */
    static long bound(Value v) {
        return bound(v, new long[0]);
    }

    /**
     * {@link #bound(Value)}, a scratch slot being at most {@code slots[i]} (none known past the end):
     * the mask its value is read with, which the verifier sees.
     */
    static long bound(Value v, long[] slots) {
        if (v instanceof Value.Slot s) return s.slot() < slots.length ? slots[s.slot()] : 0xffffffffL;
        if (v instanceof Value.Constant k) return k.value();
        if (v instanceof Value.Load l) return (1L << (8 * l.size())) - 1;
        if (v instanceof Value.HeaderLength) return 60;
        if (v instanceof Value.Binary b && b.right() instanceof Value.Constant k) {
            long left = bound(b.left(), slots);
            long r = switch (b.op()) {
                case AND -> Math.min(left, k.value());
                case ADD -> left + k.value();
                case RSH -> k.value() < 32 ? left >>> k.value() : 0;
                case LSH -> k.value() < 32 ? left << k.value() : 0;
                default -> 0xffffffffL;
            };
            return Math.min(r, 0xffffffffL);
        }
        if (v instanceof Value.Binary b && b.op() == PcapTest.Arith.ADD) return Math.min(bound(b.left(), slots) + bound(b.right(), slots), 0xffffffffL);
        return 0xffffffffL;
    }
}
