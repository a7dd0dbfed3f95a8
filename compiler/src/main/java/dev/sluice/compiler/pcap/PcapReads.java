package dev.sluice.compiler.pcap;

import dev.sluice.compiler.pcap.PcapTest.Value;

/**
 * The bytes a test is sure to read, for hoisting bounds checks: a read past the end rejects the
 * packet, as a failing test does, so a check that the frame holds N bytes may move up to any point
 * from which every path to "holds" reads at least N bytes from the start (libpcap would have
 * rejected the shorter packet anyway, whichever way it went). {@link #whenTrue} is that bound over
 * the paths on which a test holds, {@link #whenFalse} over those on which it fails; both count only
 * loads at constant offsets. {@link #NONE} stands for "no such path".
 */
final class PcapReads {
    /** The largest offset a load may start at: an offset is bounded for the verifier, below 64 KiB. */
    static final int MAX_OFFSET = 0xffff - 4;
    /** No path: any bound holds over it. */
    static final int NONE = Integer.MAX_VALUE;

    private PcapReads() {}

    /** Bytes read on every path from a test to acceptance, given what its two exits are sure to read. */
    static int atEntry(PcapTest t, int afterTrue, int afterFalse) {
        return Math.min(Math.max(whenTrue(t), afterTrue), Math.max(whenFalse(t), afterFalse));
    }

    static int whenTrue(PcapTest t) {
        if (t instanceof PcapTest.And a) return Math.max(whenTrue(a.left()), whenTrue(a.right()));
        if (t instanceof PcapTest.Or o) return Math.min(whenTrue(o.left()), Math.max(whenFalse(o.left()), whenTrue(o.right())));
        if (t instanceof PcapTest.Not n) return whenFalse(n.operand());
        if (t instanceof PcapTest.Constant k) return k.value() ? 0 : NONE;
        if (t instanceof PcapTest.Choice c) {
            return Math.min(Math.max(whenTrue(c.condition()), whenTrue(c.then())), Math.max(whenFalse(c.condition()), whenTrue(c.otherwise())));
        }
        return always(t);
    }

    static int whenFalse(PcapTest t) {
        if (t instanceof PcapTest.And a) return Math.min(whenFalse(a.left()), Math.max(whenTrue(a.left()), whenFalse(a.right())));
        if (t instanceof PcapTest.Or o) return Math.max(whenFalse(o.left()), whenFalse(o.right()));
        if (t instanceof PcapTest.Not n) return whenTrue(n.operand());
        if (t instanceof PcapTest.Constant k) return k.value() ? NONE : 0;
        if (t instanceof PcapTest.Assign) return NONE;
        if (t instanceof PcapTest.Choice c) {
            return Math.min(Math.max(whenTrue(c.condition()), whenFalse(c.then())), Math.max(whenFalse(c.condition()), whenFalse(c.otherwise())));
        }
        return always(t);
    }

    /** The end of the furthest constant-offset load anywhere in {@code t}. */
    static int furthest(PcapTest t) {
        if (t instanceof PcapTest.And a) return Math.max(furthest(a.left()), furthest(a.right()));
        if (t instanceof PcapTest.Or o) return Math.max(furthest(o.left()), furthest(o.right()));
        if (t instanceof PcapTest.Not n) return furthest(n.operand());
        if (t instanceof PcapTest.Choice c) return Math.max(furthest(c.condition()), Math.max(furthest(c.then()), furthest(c.otherwise())));
        if (t instanceof PcapTest.Constant) return 0;
        return always(t);
    }

    /** What a leaf reads before it decides. */
    private static int always(PcapTest t) {
        if (t instanceof PcapTest.Compare c) return Math.max(of(c.left()), of(c.right()));
        if (t instanceof PcapTest.Assign a) return of(a.value());
        PcapTest.ProtoChain chain = (PcapTest.ProtoChain) t;
        return Math.max(of(chain.first()), of(chain.start()));
    }

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
        if (v instanceof Value.Constant k) return k.value();
        if (v instanceof Value.Load l) return (1L << (8 * l.size())) - 1;
        if (v instanceof Value.HeaderLength) return 60;
        if (v instanceof Value.Binary b && b.right() instanceof Value.Constant k) {
            long left = bound(b.left());
            long r = switch (b.op()) {
                case AND -> Math.min(left, k.value());
                case ADD -> left + k.value();
                case RSH -> k.value() < 32 ? left >>> k.value() : 0;
                case LSH -> k.value() < 32 ? left << k.value() : 0;
                default -> 0xffffffffL;
            };
            return Math.min(r, 0xffffffffL);
        }
        if (v instanceof Value.Binary b && b.op() == PcapTest.Arith.ADD) return Math.min(bound(b.left()) + bound(b.right()), 0xffffffffL);
        return 0xffffffffL;
    }
}
