package dev.sluice.compiler.codegen;

import static dev.sluice.compiler.codegen.VerifierState.read;

import dev.sluice.compiler.codegen.VerifierState.Kind;
import dev.sluice.compiler.codegen.VerifierState.Reg;
import dev.sluice.compiler.codegen.VerifierState.Reject;
import dev.sluice.compiler.codegen.VerifierState.State;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Operand;
import java.util.Deque;
import java.util.Map;

/** {@link VerifierModel}'s branch rules: what each side of a conditional jump knows. */
final class VerifierBranches {
    private VerifierBranches() {}

    /**
     * A conditional jump at {@code index} to {@code target}: a bounds check proves a packet range and a
     * null check a map value on the side that knows it; a branch between constants goes one way; any
     * other branch on scalars both.
     */
    static void jump(int index, int target, Instruction.Jump j, State s, Deque<Map.Entry<Integer, State>> work) {
        Reg left = read(s, j.dst());
        Reg right = j.src() instanceof Operand.Reg r ? read(s, r.register()) : Reg.constant(((Operand.Imm) j.src()).value());
        State taken = s.copy();
        State fall = s;
        // Bounds checks: `if pkt + k > end goto out` proves k bytes on the fall-through path (and so on).
        if (!j.jmp32() && left.kind() == Kind.PKT && right.kind() == Kind.PKT_END) {
            prove(j.op(), left, taken, fall, false);
        } else if (!j.jmp32() && left.kind() == Kind.PKT_END && right.kind() == Kind.PKT) {
            prove(j.op(), right, taken, fall, true);
        } else if (left.kind() == Kind.MAP_VALUE_OR_NULL && right.kind() == Kind.SCALAR && Long.valueOf(0).equals(right.value())) {
            Reg valid = new Reg(Kind.MAP_VALUE, 0, left.id(), null);
            State nonNull = j.op() == JumpOp.JEQ ? fall : j.op() == JumpOp.JNE ? taken : null;
            State isNull = j.op() == JumpOp.JEQ ? taken : j.op() == JumpOp.JNE ? fall : null;
            if (nonNull != null) replace(nonNull, left, valid);
            if (isNull != null) replace(isNull, left, Reg.constant(0));
        } else if (left.kind() != Kind.SCALAR || right.kind() != Kind.SCALAR) {
            throw new Reject("a comparison of pointers other than a packet bounds check or a null check");
        } else if (left.value() != null && right.value() != null) {
            boolean jumps = j.op().holds(j.jmp32(), left.value(), right.value());
            work.push(Map.entry(jumps ? target : index + 1, s));
            return;
        }
        work.push(Map.entry(target, taken));
        work.push(Map.entry(index + 1, fall));
    }

    /** {@code ptr OP end} (or, swapped, {@code end OP ptr}): which side knows the pointer is within the packet. */
    private static void prove(JumpOp op, Reg ptr, State taken, State fall, boolean swapped) {
        JumpOp o = op;
        if (swapped) {
            switch (op) {
                case JGT: o = JumpOp.JLT; break;
                case JGE: o = JumpOp.JLE; break;
                case JLT: o = JumpOp.JGT; break;
                case JLE: o = JumpOp.JGE; break;
                default: break;
            }
        }
        switch (o) {
            case JGT: extend(fall, ptr, ptr.off()); break;      // not taken: ptr <= end
            case JGE: extend(fall, ptr, ptr.off() - 1); break;  // not taken: ptr < end
            case JLE: extend(taken, ptr, ptr.off()); break;
            case JLT: extend(taken, ptr, ptr.off() - 1); break;
            default: break;
        }
    }

    private static void extend(State s, Reg ptr, long range) {
        s.ranges.merge(ptr.id(), range, Math::max);
    }

    /** After a null check, every copy of the checked value (registers and spills) becomes what the branch proved. */
    private static void replace(State s, Reg from, Reg to) {
        for (int i = 0; i < s.regs.length; i++) if (s.regs[i].equals(from)) s.regs[i] = to;
        s.spills.replaceAll((k, v) -> v.equals(from) ? to : v);
    }
}
