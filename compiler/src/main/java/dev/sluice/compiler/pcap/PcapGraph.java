package dev.sluice.compiler.pcap;

import dev.sluice.compiler.pcap.PcapBlock.Action;
import dev.sluice.compiler.pcap.PcapBlock.Jump;
import dev.sluice.compiler.pcap.PcapTest.Value;

/**
 * libpcap's flow graph for a {@link PcapTest}, as gencode builds it: one block per comparison, its
 * jump one of classic BPF's (an inequality, "less than" or "at most" is the opposite jump with its
 * exits swapped, as gen_not swaps them), {@code and}/{@code or}/{@code not} joining the exits of
 * the blocks as gen_and, gen_or and gen_not backpatch them. A test written as {@code true} or
 * {@code false} is gen_true's or gen_false's block (a constant compared with 0).
 */
final class PcapGraph {
    private PcapGraph() {}

    /** The root block of {@code t}, whose paths end at {@code accept} or {@code reject}. */
    static PcapBlock build(PcapTest t, PcapBlock accept, PcapBlock reject) {
        return block(t, accept, reject);
    }

    /** A return block. */
    static PcapBlock verdict(boolean accept) {
        return new PcapBlock(new Action.Return(accept), null, null);
    }

    private static PcapBlock block(PcapTest t, PcapBlock yes, PcapBlock no) {
        if (t instanceof PcapTest.And a) return block(a.left(), block(a.right(), yes, no), no);
        if (t instanceof PcapTest.Or o) return block(o.left(), yes, block(o.right(), yes, no));
        if (t instanceof PcapTest.Not n) return block(n.operand(), no, yes);
        if (t instanceof PcapTest.Constant k) {
            return new PcapBlock(new Action.Test(new Value.Constant(k.value() ? 0 : 1), Jump.EQ, new Value.Constant(0), false), yes, no);
        }
        if (t instanceof PcapTest.Assign a) return new PcapBlock(new Action.Store(a), yes, yes);
        if (t instanceof PcapTest.ProtoChain c) return new PcapBlock(new Action.Chain(c), yes, no);
        PcapTest.Compare c = (PcapTest.Compare) t;
        Value left = PcapValues.canonical(c.left());
        Value right = PcapValues.canonical(c.right());
        boolean r = c.relation();
        if (!r && c.op() == PcapTest.Op.NE && right.equals(new Value.Constant(0)) && left instanceof Value.Binary b
                && b.op() == PcapTest.Arith.AND && b.right() instanceof Value.Constant m) {
            // A primitive's bit test is a JSET block (the fragment offset, the multicast bit).
            return new PcapBlock(new Action.Test(b.left(), Jump.SET, m, false), yes, no);
        }
        return switch (c.op()) {
            case EQ -> new PcapBlock(new Action.Test(left, Jump.EQ, right, r), yes, no);
            case NE -> new PcapBlock(new Action.Test(left, Jump.EQ, right, r), no, yes);
            case GT -> new PcapBlock(new Action.Test(left, Jump.GT, right, r), yes, no);
            case LE -> new PcapBlock(new Action.Test(left, Jump.GT, right, r), no, yes);
            case GE -> new PcapBlock(new Action.Test(left, Jump.GE, right, r), yes, no);
            case LT -> new PcapBlock(new Action.Test(left, Jump.GE, right, r), no, yes);
        };
    }

    /** The values the blocks under {@code block} store in scratch slots. */
    static java.util.List<PcapTest.Assign> stores(PcapBlock block) {
        return stores(block, new java.util.HashSet<>(), new java.util.ArrayList<>());
    }

    private static java.util.List<PcapTest.Assign> stores(PcapBlock block, java.util.Set<PcapBlock> seen, java.util.List<PcapTest.Assign> out) {
        if (block.leaf() || !seen.add(block)) return out;
        if (block.action instanceof PcapBlock.Action.Store s) out.add(s.assign());
        stores(block.jt(), seen, out);
        return stores(block.jf(), seen, out);
    }

    /**
     * Whether the filter stores in scratch slots (Geneve's offsets). Only then are slots read, so
     * only then must they start at 0 (libpcap's scratch memory would hold what an earlier packet left).
     */
    static boolean usesSlots(PcapTest t) {
        if (t instanceof PcapTest.And a) return usesSlots(a.left()) || usesSlots(a.right());
        if (t instanceof PcapTest.Or o) return usesSlots(o.left()) || usesSlots(o.right());
        if (t instanceof PcapTest.Not n) return usesSlots(n.operand());
        return t instanceof PcapTest.Assign;
    }

    /** Whether libpcap would optimise the filter: protochain and geneve turn its optimiser off. */
    static boolean optimised(PcapTest t) {
        if (t instanceof PcapTest.And a) return optimised(a.left()) && optimised(a.right());
        if (t instanceof PcapTest.Or o) return optimised(o.left()) && optimised(o.right());
        if (t instanceof PcapTest.Not n) return optimised(n.operand());
        return !(t instanceof PcapTest.Assign || t instanceof PcapTest.ProtoChain);
    }
}
