package dev.sluice.compiler.isa;

import static dev.sluice.compiler.isa.Register.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.isa.Instruction.ByteSwap;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A swap that only equality tests read goes into their constants; any other read of the host-order value keeps it. */
class NetworkOrderComparesTest {
    private static final Instruction BE16 = new ByteSwap(ByteSwap.ByteOrder.TO_BE, 16, R0);

    private static Instruction jump(JumpOp op, Register dst, int imm, int offset) {
        return new Instruction.Jump(false, op, dst, Operand.imm(imm), offset);
    }

    /** {@code r0 = port; r0 = be16 r0; if r0 == 53 goto drop; if r0 (second) 123 goto pass}; drop reads r0 first when {@code readAfter}. */
    private static CodeBuilder portSet(boolean readAfter, JumpOp second) {
        CodeBuilder b = new CodeBuilder();
        Label drop = b.newLabel();
        Label pass = b.newLabel();
        b.load(Size.H, R0, R1, 2).add(BE16).jump(JumpOp.JEQ, R0, 53, drop).jump(second, R0, 123, pass);
        b.bind(drop);
        if (readAfter) b.alu64(AluOp.ADD, R0, 1);
        b.mov64(R0, 1).exit().bind(pass).mov64(R0, 2).exit();
        return b;
    }

    @Test
    void equalityTestsCompareTheLoadedValueWithSwappedConstants() {
        CodeBuilder b = portSet(false, JumpOp.JNE);
        assertTrue(NetworkOrderCompares.apply(b));
        assertEquals(List.of(Insns.load(Size.H, R0, R1, 2), jump(JumpOp.JEQ, R0, 0x3500, 1), jump(JumpOp.JNE, R0, 0x7b00, 2),
                Insns.mov64(R0, 1), Insns.exit(), Insns.mov64(R0, 2), Insns.exit()), b.build().instructions());
    }

    @Test
    void anOrderTestOrALaterReadKeepsTheSwap() {
        CodeBuilder range = portSet(false, JumpOp.JGT);
        assertFalse(NetworkOrderCompares.apply(range));
        assertTrue(range.build().instructions().contains(BE16));
        CodeBuilder read = portSet(true, JumpOp.JNE);
        assertFalse(NetworkOrderCompares.apply(read));
        assertTrue(read.build().instructions().contains(BE16));
    }

    @Test
    void aValueNotLoadedAtTheSwapsWidthKeepsIt() {
        // A 32-bit load swapped as 16 bits is also truncated by the swap: the loaded value is not the swapped one.
        CodeBuilder b = new CodeBuilder();
        Label pass = b.newLabel();
        b.load(Size.W, R0, R1, 0).add(BE16).jump(JumpOp.JNE, R0, 22, pass).mov64(R0, 1).exit().bind(pass).mov64(R0, 2).exit();
        assertFalse(NetworkOrderCompares.apply(b));
    }
}
