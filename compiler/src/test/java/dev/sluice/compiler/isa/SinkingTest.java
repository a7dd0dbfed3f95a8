package dev.sluice.compiler.isa;

import static dev.sluice.compiler.isa.Register.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class SinkingTest {
    @Test
    void aFieldsLoadMovesPastTheTestsWhoseOtherSideDoesNotReadIt() {
        // The port is loaded and swapped, then the flags tested: a frame without SYN never needed the port.
        CodeBuilder b = new CodeBuilder();
        Label pass = b.newLabel();
        b.load(Size.H, R0, R9, 2).add(new Instruction.ByteSwap(Instruction.ByteSwap.ByteOrder.TO_BE, 16, R0))
                .load(Size.B, R5, R9, 13).jump(JumpOp.JSET, R5, 2, pass).jump(JumpOp.JLT, R0, 1000, pass).mov64(R0, 1).exit()
                .bind(pass).mov64(R0, 2).exit();
        assertTrue(Sinking.apply(b));
        assertEquals(List.of(Insns.load(Size.B, R5, R9, 13), Insns.jump(JumpOp.JSET, R5, 2, 5), Insns.load(Size.H, R0, R9, 2),
                new Instruction.ByteSwap(Instruction.ByteSwap.ByteOrder.TO_BE, 16, R0), Insns.jump(JumpOp.JLT, R0, 1000, 2),
                Insns.mov64(R0, 1), Insns.exit(), Insns.mov64(R0, 2), Insns.exit()), b.build().instructions());
    }

    @Test
    void nothingMovesPastAJumpWhoseTargetReadsItOrIntoAJoin() {
        // The jump's target reads r0: the load stays above it.
        CodeBuilder b = new CodeBuilder();
        Label read = b.newLabel();
        b.load(Size.H, R0, R9, 2).load(Size.B, R5, R9, 13).jump(JumpOp.JEQ, R5, 0, read).mov64(R0, 1).exit()
                .bind(read).exit();
        assertFalse(Sinking.apply(b));
        // A jump lands between the load and the test: moving the load below the join would run it on that path too.
        CodeBuilder c = new CodeBuilder();
        Label join = c.newLabel();
        Label pass = c.newLabel();
        c.jump(JumpOp.JEQ, R1, 0, join).load(Size.H, R0, R9, 2).bind(join).load(Size.B, R5, R9, 13).jump(JumpOp.JEQ, R5, 0, pass)
                .exit().bind(pass).mov64(R0, 2).exit();
        assertFalse(Sinking.apply(c));
        // Nor past what writes the register it reads (the cursor's add, which the jump's target reads in turn).
        CodeBuilder d = new CodeBuilder();
        Label out = d.newLabel();
        d.load(Size.H, R0, R9, 2).alu64(AluOp.ADD, R9, 8).jump(JumpOp.JEQ, R5, 0, out).exit().bind(out).load(Size.B, R0, R9, 0).exit();
        assertFalse(Sinking.apply(d));
        // Nor past a store.
        CodeBuilder e = new CodeBuilder();
        Label stored = e.newLabel();
        e.load(Size.H, R0, R9, 2).store(Size.DW, R10, -8, R5).jump(JumpOp.JEQ, R5, 0, stored).exit().bind(stored).mov64(R0, 2).exit();
        assertFalse(Sinking.apply(e));
    }
}
