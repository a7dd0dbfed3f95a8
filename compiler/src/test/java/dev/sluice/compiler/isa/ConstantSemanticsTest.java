package dev.sluice.compiler.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * {@link AluOp#fold} and {@link JumpOp#holds}, the one place the compiler's constant-knowing passes
 * (the jump passes, the verifier model) compute an operation: the 32-bit forms work on the low halves.
 */
class ConstantSemanticsTest {
    @Test
    void thirtyTwoBitOperationsUseTheLowHalvesAndZeroExtend() {
        assertEquals(OptionalLong.of(0), AluOp.RSH.fold(false, 0x1_0000_0000L, 1), "w >>= 1 of a value whose low half is 0");
        assertEquals(OptionalLong.of(0x8000_0000L), AluOp.RSH.fold(true, 0x1_0000_0000L, 1));
        assertEquals(OptionalLong.of(0xffff_ffffL), AluOp.ARSH.fold(false, 0x8000_0000L, 31));
        assertEquals(OptionalLong.of(0xffff_ffffL), AluOp.SUB.fold(false, 0, 1));
        assertEquals(OptionalLong.of(-1), AluOp.SUB.fold(true, 0, 1));
        assertEquals(OptionalLong.of(6), AluOp.MUL.fold(true, 2, 3));
        assertEquals(OptionalLong.empty(), AluOp.DIV.fold(true, 6, 3), "not folded");
    }

    @Test
    void jumpsCompareAsTheKernelDoes() {
        assertTrue(JumpOp.JGT.holds(false, -1, 1), "unsigned: all ones is the largest");
        assertFalse(JumpOp.JSGT.holds(false, -1, 1), "signed: -1 < 1");
        assertTrue(JumpOp.JEQ.holds(true, 0x1_0000_0005L, 5), "jmp32 compares the low halves");
        assertFalse(JumpOp.JEQ.holds(false, 0x1_0000_0005L, 5));
        assertTrue(JumpOp.JSLT.holds(true, 0x8000_0000L, 0), "s32: bit 31 is the sign");
        assertFalse(JumpOp.JSLT.holds(false, 0x8000_0000L, 0));
        assertTrue(JumpOp.JSET.holds(true, 0x1_0000_0001L, 1));
        assertFalse(JumpOp.JSET.holds(true, 0x1_0000_0000L, 0x1_0000_0000L), "high halves ignored");
    }
}
