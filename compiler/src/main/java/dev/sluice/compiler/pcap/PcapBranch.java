package dev.sluice.compiler.pcap;

import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.pcap.PcapBlock.Action;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** How a libpcap block's two exits become eBPF jumps: one layout for both pcap emitters. */
final class PcapBranch {
    private PcapBranch() {}

    static JumpOp of(PcapBlock.Jump jump) {
        return switch (jump) {
            case EQ -> JumpOp.JEQ;
            case GT -> JumpOp.JGT;
            case GE -> JumpOp.JGE;
            case SET -> JumpOp.JSET;
        };
    }

    /** Whether control reaches {@code target} by falling through to {@code next} (null: the accepting end). */
    static boolean follows(PcapBlock target, PcapBlock next) {
        return target == next || target.action instanceof Action.Return r && r.accept() && next == null;
    }

    /**
     * The conditional jump {@code jump} to one exit and, unless the other follows, a goto: the false
     * exit falls through where it can, else the true one under the negated test (JSET has no negation).
     */
    static void emit(CodeBuilder b, JumpOp op, PcapBlock block, PcapBlock next, Function<PcapBlock, Label> label,
            BiConsumer<JumpOp, PcapBlock> jump) {
        if (follows(block.jf(), next)) {
            jump.accept(op, block.jt());
        } else if (follows(block.jt(), next) && op != JumpOp.JSET) {
            jump.accept(negation(op), block.jf());
        } else {
            jump.accept(op, block.jt());
            b.goTo(label.apply(block.jf()));
        }
    }

    private static JumpOp negation(JumpOp op) {
        return switch (op) {
            case JEQ -> JumpOp.JNE;
            case JGT -> JumpOp.JLE;
            case JGE -> JumpOp.JLT;
            default -> throw new IllegalArgumentException(op.name());
        };
    }
}
