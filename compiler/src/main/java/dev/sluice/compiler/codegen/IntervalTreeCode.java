package dev.sluice.compiler.codegen;

import static dev.sluice.compiler.isa.Register.*;

import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.lower.Condition;
import java.util.List;

/**
 * Membership of the value in r1 among sorted, merged intervals as a balanced tree of comparisons
 * with the bounds as immediates: jumps to {@code holds} or {@code otherwise}. {@code narrow}: every
 * bound fits 32 bits, so the comparisons use 32-bit subregisters (one slot each).
 */
final class IntervalTreeCode {
    /** Intervals per leaf of the tree: a short run of tests costs less than another level of branching. */
    private static final int TREE_LEAF = 4;

    private final CodeBuilder b;
    private final boolean narrow;
    private final Label holds;
    private final Label otherwise;

    IntervalTreeCode(CodeBuilder b, boolean narrow, Label holds, Label otherwise) {
        this.b = b;
        this.narrow = narrow;
        this.holds = holds;
        this.otherwise = otherwise;
    }

    /** The whole tree; its last leaf falls through when the value holds. */
    void emit(List<Condition.InIntervals.Interval> ivs) {
        tree(ivs, 0, ivs.size(), 0, true);
    }

    /**
     * Intervals [lo, hi) when the value is known to be at least {@code floor}; the last leaf falls
     * through to holds. A leaf tests its intervals in order: being sorted, a value below one is below
     * every later one, so it leaves for {@code otherwise} at once.
     */
    private void tree(List<Condition.InIntervals.Interval> ivs, int lo, int hi, long floor, boolean last) {
        if (hi - lo <= TREE_LEAF) {
            for (int i = lo; i < hi; i++) {
                Condition.InIntervals.Interval iv = ivs.get(i);
                boolean above = Long.compareUnsigned(floor, iv.low()) < 0;
                boolean top = iv.high() == -1L || narrow && iv.high() == 0xffffffffL;
                if (i < hi - 1) {
                    if (iv.low() == iv.high()) {
                        compareJump(JumpOp.JEQ, iv.low(), holds);
                    } else {
                        if (above) compareJump(JumpOp.JLT, iv.low(), otherwise);
                        compareJump(JumpOp.JLE, iv.high(), holds);
                    }
                } else if (iv.low() == iv.high() && above) {
                    compareJump(JumpOp.JNE, iv.low(), otherwise);
                } else {
                    if (above) compareJump(JumpOp.JLT, iv.low(), otherwise);
                    if (!top) compareJump(JumpOp.JGT, iv.high(), otherwise);
                }
            }
            if (!last) b.goTo(holds);
            return;
        }
        int mid = (lo + hi) >>> 1;
        Label left = b.newLabel();
        compareJump(JumpOp.JLT, ivs.get(mid).low(), left);
        tree(ivs, mid, hi, ivs.get(mid).low(), false);
        b.bind(left);
        tree(ivs, lo, mid, floor, last);
    }

    private void compareJump(JumpOp op, long bound, Label target) {
        if (narrow) {
            b.jump32(op, R1, (int) bound, target);
        } else if (bound >= 0 && bound <= Integer.MAX_VALUE) {
            b.jump(op, R1, (int) bound, target);
        } else {
            b.loadImm64(R2, bound).jump(op, R1, R2, target);
        }
    }
}
