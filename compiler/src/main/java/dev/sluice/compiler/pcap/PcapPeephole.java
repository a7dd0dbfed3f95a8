package dev.sluice.compiler.pcap;

import dev.sluice.compiler.pcap.PcapBlock.Action;
import dev.sluice.compiler.pcap.PcapBlock.Jump;
import dev.sluice.compiler.pcap.PcapTest.Arith;
import dev.sluice.compiler.pcap.PcapTest.Value;

/**
 * opt_peep's rules for the jump at the end of a block, which decide what later steps compare
 * (libpcap's edge moves only match jumps of one kind on one value):
 * <ul>
 *   <li>{@code A - y == k} is {@code A == k + y} for a constant y, and {@code A - X == 0} is
 *       {@code A == X};
 *   <li>{@code (A & m) == 0} is {@code A & m} (JSET) with the exits swapped; JSET with 0 never
 *       holds, with 0xffffffff always;
 *   <li>a comparison of a constant with a constant goes one way.
 * </ul>
 */
final class PcapPeephole {
    private PcapPeephole() {}

    /** Applies the rules once; whether a change asks for another round. */
    static boolean apply(PcapBlock b) {
        if (!(b.action instanceof Action.Test t)) return false;
        boolean changed = false;
        if (!t.settled() && t.jump() == Jump.EQ && t.operand() instanceof Value.Constant k && t.a() instanceof Value.Binary bin) {
            if (bin.op() == Arith.SUB && bin.right() instanceof Value.Constant y) {
                t = new Action.Test(bin.left(), Jump.EQ, new Value.Constant((k.value() + y.value()) & 0xffffffffL), false);
                changed = true;
            } else if (bin.op() == Arith.SUB && k.value() == 0) {
                t = new Action.Test(bin.left(), Jump.EQ, bin.right(), false);
                changed = true;
            } else if (bin.op() == Arith.AND && bin.right() instanceof Value.Constant m && k.value() == 0) {
                t = new Action.Test(bin.left(), Jump.SET, m, false);
                PcapBlock yes = b.jt();
                b.yes.to = b.jf();
                b.no.to = yes;
                changed = true;
            }
        }
        b.action = t;
        if (t.jump() == Jump.SET && t.operand() instanceof Value.Constant m) {
            if (m.value() == 0) b.yes.to = b.jf();
            if (m.value() == 0xffffffffL) b.no.to = b.jt();
        }
        if (t.a() instanceof Value.Constant a && t.operand() instanceof Value.Constant k) {
            boolean holds = switch (t.jump()) {
                case EQ -> a.value() == k.value();
                case GT -> a.value() > k.value();
                case GE -> a.value() >= k.value();
                case SET -> (a.value() & k.value()) != 0;
            };
            if (b.jt() != b.jf()) changed = true;
            if (holds) b.no.to = b.jt();
            else b.yes.to = b.jf();
        }
        return changed;
    }

    /**
     * Before emission: every remaining {@code (A & m) == 0} becomes JSET with the exits swapped,
     * those of relations too (libpcap's later rounds reach them through scratch memory; the two
     * tests are one and the same), so the emitted block is a load and one jump.
     */
    static void jsets(PcapBlock root) {
        jsets(root, new java.util.HashSet<>());
    }

    private static void jsets(PcapBlock b, java.util.Set<PcapBlock> seen) {
        if (b.leaf() || !seen.add(b)) return;
        if (b.action instanceof Action.Test t && t.jump() == Jump.EQ && t.operand() instanceof Value.Constant k && k.value() == 0
                && t.a() instanceof Value.Binary bin && bin.op() == Arith.AND && bin.right() instanceof Value.Constant m) {
            b.action = new Action.Test(bin.left(), Jump.SET, m, t.settled());
            PcapBlock yes = b.jt();
            b.yes.to = b.jf();
            b.no.to = yes;
        }
        jsets(b.jt(), seen);
        jsets(b.jf(), seen);
    }
}
