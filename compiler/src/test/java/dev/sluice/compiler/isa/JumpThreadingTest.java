package dev.sluice.compiler.isa;

import static dev.sluice.compiler.isa.Register.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The peephole pass: jumps onto gotos threaded, {@code if c goto +1; goto L} inverted, dead gotos and code dropped. */
class JumpThreadingTest {
    @Test
    void conditionalJumpOverAGotoIsInverted() {
        CodeBuilder b = new CodeBuilder();
        Label match = b.newLabel();
        Label miss = b.newLabel();
        b.jump(JumpOp.JEQ, R1, 6, match).goTo(miss).bind(match).mov64(R0, 1).exit().bind(miss).mov64(R0, 2).exit();
        JumpThreading.apply(b);
        List<Instruction> code = b.build().instructions();
        assertEquals(5, code.size(), code.toString());
        assertEquals(new Instruction.Jump(false, JumpOp.JNE, R1, Operand.imm(6), 2), code.get(0));
    }

    @Test
    void jumpsOntoGotosGoStraightToTheirTargetAndGotoNextAndDeadCodeGo() {
        CodeBuilder b = new CodeBuilder();
        Label hop = b.newLabel();
        Label end = b.newLabel();
        Label next = b.newLabel();
        b.jump(JumpOp.JGT, R1, 5, hop).goTo(next).bind(next).mov64(R0, 1).exit()
                .bind(hop).goTo(end).mov64(R0, 3).bind(end).mov64(R0, 2).exit();
        JumpThreading.apply(b);
        List<Instruction> code = b.build().instructions();
        // if r1 > 5 goto end; r0 = 1; exit; end: r0 = 2; exit
        assertEquals(List.of(new Instruction.Jump(false, JumpOp.JGT, R1, Operand.imm(5), 2), Insns.mov64(R0, 1), Insns.exit(),
                Insns.mov64(R0, 2), Insns.exit()), code);
    }

    @Test
    void codeWithLiteralJumpOffsetsIsLeftAlone() {
        CodeBuilder b = new CodeBuilder();
        Label next = b.newLabel();
        b.add(new Instruction.Goto(0, false)).goTo(next).bind(next).mov64(R0, 0).exit();
        JumpThreading.apply(b);
        assertEquals(4, b.build().size());
    }
}
