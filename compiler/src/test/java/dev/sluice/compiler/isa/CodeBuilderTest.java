package dev.sluice.compiler.isa;

import static dev.sluice.compiler.isa.Register.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.compiler.isa.Instruction.*;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodeBuilderTest {

    /** A recognisable instruction to bind labels to. */
    private static Instruction marker(int n) {
        return Insns.mov64(R9, n);
    }

    private static void filler(CodeBuilder b, int count) {
        for (int i = 0; i < count; i++) b.mov64(R0, i);
    }

    @Test
    void forwardJumpsCountTheSlotsBetween() {
        CodeBuilder b = new CodeBuilder();
        Label end = b.newLabel();
        b.jump(JumpOp.JEQ, R1, 0, end)
                .jump32(JumpOp.JGT, R1, R2, end)
                .goTo(end)
                .loadImm64(R3, 1L << 40)
                .bind(end)
                .exit();
        Code code = b.build();
        assertEquals(List.of(
                new Jump(false, JumpOp.JEQ, R1, Operand.imm(0), 4),
                new Jump(true, JumpOp.JGT, R1, Operand.reg(R2), 3),
                Insns.ja(2),
                Insns.ldImm64(R3, 1L << 40),
                Insns.exit()), code.instructions());
        assertEquals(6, code.slotCount());
    }

    @Test
    void backwardJumpsHaveNegativeOffsets() {
        CodeBuilder b = new CodeBuilder();
        Label loop = b.newLabel("loop");
        b.mov64(R1, 0)
                .bind(loop)
                .add(marker(1))
                .alu64(AluOp.ADD, R1, 1)
                .loadImm64(R2, -1)
                .jump(JumpOp.JLT, R1, 10, loop)
                .goTo(loop)
                .exit();
        Code code = b.build();
        assertEquals(new Jump(false, JumpOp.JLT, R1, Operand.imm(10), -5), code.get(4));
        assertEquals(Insns.ja(-6), code.get(5));
        assertLandsOn(code, 4, true, 1);
        assertLandsOn(code, 5, true, 1);
    }

    @Test
    void aJumpToTheNextInstructionHasOffsetZero() {
        CodeBuilder b = new CodeBuilder();
        Label next = b.newLabel();
        Code code = b.goTo(next).bind(next).exit().build();
        assertEquals(Insns.ja(0), code.get(0));
    }

    @Test
    void aJumpToALabelThatIsNeverBoundIsAnError() {
        CodeBuilder b = new CodeBuilder();
        Label nowhere = b.newLabel("nowhere");
        b.goTo(nowhere).exit();
        IllegalStateException e = assertThrows(IllegalStateException.class, b::build);
        assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
        assertTrue(e.getMessage().contains("never bound"), e.getMessage());
    }

    @Test
    void aLabelBoundTwiceIsAnError() {
        CodeBuilder b = new CodeBuilder();
        Label twice = b.newLabel("twice");
        b.bind(twice).exit();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.bind(twice));
        assertTrue(e.getMessage().contains("twice is bound twice"), e.getMessage());
    }

    @Test
    void aLabelOfAnotherBuilderIsAnError() {
        CodeBuilder mine = new CodeBuilder();
        Label theirs = new CodeBuilder().newLabel("theirs");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mine.bind(theirs));
        assertTrue(e.getMessage().contains("theirs belongs to another code builder"), e.getMessage());
    }

    @Test
    void aLabelBoundAfterTheLastInstructionIsAnError() {
        CodeBuilder b = new CodeBuilder();
        Label end = b.newLabel("end");
        b.goTo(end).exit().bind(end);
        IllegalStateException e = assertThrows(IllegalStateException.class, b::build);
        assertTrue(e.getMessage().contains("after the last instruction"), e.getMessage());
    }

    @Test
    void aGotoJustWithinSixteenBitsStaysShort() {
        CodeBuilder b = new CodeBuilder();
        Label far = b.newLabel();
        b.goTo(far);
        filler(b, Short.MAX_VALUE);
        Code code = b.bind(far).add(marker(1)).exit().build();
        assertEquals(Insns.ja(Short.MAX_VALUE), code.get(0));
        assertLandsOn(code, 0, true, 1);
    }

    @Test
    void aGotoBeyondSixteenBitsBecomesGotol() {
        CodeBuilder b = new CodeBuilder();
        Label far = b.newLabel();
        Label back = b.newLabel();
        b.bind(back).goTo(far);
        filler(b, Short.MAX_VALUE + 1);
        b.bind(far).add(marker(1)).goTo(back);
        Code code = b.build();
        assertEquals(new Goto(Short.MAX_VALUE + 1, true), code.get(0));
        assertLandsOn(code, 0, true, 1);
        Goto backwards = (Goto) code.get(code.size() - 1);
        assertTrue(backwards.wide(), "a goto 32770 slots back is a gotol");
        assertEquals(-(Short.MAX_VALUE + 4), backwards.offset());
    }

    @Test
    void aBackwardGotoOfExactlyMinus32768StaysShort() {
        CodeBuilder b = new CodeBuilder();
        Label back = b.newLabel();
        b.bind(back).add(marker(1));
        filler(b, Short.MAX_VALUE - 1);
        Code code = b.goTo(back).build();
        assertEquals(Insns.ja(Short.MIN_VALUE), code.get(code.size() - 1));
        assertLandsOn(code, code.size() - 1, true, 1);
    }

    @Test
    void aFarConditionalJumpTakesTheLongFormAndLandsOnItsLabel() {
        CodeBuilder b = new CodeBuilder();
        Label far = b.newLabel();
        b.jump(JumpOp.JSET, R1, 4, far).add(marker(2));
        filler(b, 40000);
        Code code = b.bind(far).add(marker(1)).exit().build();
        assertEquals(new Jump(false, JumpOp.JSET, R1, Operand.imm(4), 1), code.get(0));
        assertEquals(Insns.ja(1), code.get(1));
        assertInstanceOf(Goto.class, code.get(2));
        assertTrue(((Goto) code.get(2)).wide());
        assertLandsOn(code, 0, true, 1);
        assertLandsOn(code, 0, false, 2);
    }

    @Test
    void aFarBackwardConditionalJump32LandsOnItsLabel() {
        CodeBuilder b = new CodeBuilder();
        Label top = b.newLabel();
        b.bind(top).add(marker(1));
        filler(b, 40000);
        b.jump32(JumpOp.JSLT, R1, R2, top).add(marker(2)).exit();
        Code code = b.build();
        int jump = 40001;
        assertEquals(new Jump(true, JumpOp.JSLT, R1, Operand.reg(R2), 1), code.get(jump));
        assertLandsOn(code, jump, true, 1);
        assertLandsOn(code, jump, false, 2);
    }

    /** Making one jump long lengthens the code under another, which must then become long too. */
    @Test
    void longFormsCascade() {
        CodeBuilder b = new CodeBuilder();
        Label a = b.newLabel();
        Label c = b.newLabel();
        // The first jump's target is exactly 32767 slots on while the second jump is short...
        b.jump(JumpOp.JEQ, R2, 0, c);
        b.jump(JumpOp.JEQ, R1, 0, a);
        filler(b, Short.MAX_VALUE - 1);
        b.bind(c).add(marker(3));
        // ...but the second's is too far, so it takes three slots and pushes the first over.
        filler(b, 10);
        b.bind(a).add(marker(1)).exit();
        Code code = b.build();
        assertEquals(Insns.ja(1), code.get(1), "first jump in long form");
        assertEquals(new Jump(false, JumpOp.JEQ, R1, Operand.imm(0), 1), code.get(3));
        assertEquals(Insns.ja(1), code.get(4), "second jump in long form");
        assertLandsOn(code, 0, true, 3);
        assertLandsOn(code, 3, true, 1);
    }

    @Test
    void localCallsAndFunctionAddressesAreRelativeToTheNextSlot() {
        CodeBuilder b = new CodeBuilder();
        Label callback = b.newLabel("callback");
        Label helper = b.newLabel("helper");
        b.callLocal(helper)                    // slot 0 -> helper at 8: imm 7
                .loadFunction(R2, callback)    // slots 1-2 -> callback at 6: imm 4
                .loadImm64(R3, 7)              // slots 3-4
                .exit();                       // slot 5
        b.bind(callback).mov64(R0, 0).exit();  // slots 6, 7
        b.bind(helper).callLocal(callback)     // slot 8 -> 6: imm -3
                .loadFunction(R1, helper)      // slots 9-10 -> 8: imm -2
                .exit();
        Code code = b.build();
        assertEquals(new Call(CallKind.LOCAL, 7), code.get(0));
        assertEquals(new LoadImm64(R2, Pseudo.FUNC, 4), code.get(1));
        assertEquals(new Call(CallKind.LOCAL, -3), code.get(6));
        assertEquals(new LoadImm64(R1, Pseudo.FUNC, -2), code.get(7));
        int[] slot = code.slotIndices();
        assertEquals(8, slot[0] + 1 + 7);
        assertEquals(6, slot[1] + 1 + 4);
        assertEquals(6, slot[6] + 1 - 3);
        assertEquals(8, slot[7] + 1 - 2);
        assertEquals("r1 = func(pc-2)", Disassembler.format(code.get(7)));
        assertEquals(List.of(
                new Call(CallKind.LOCAL, 7), new LoadImm64(R2, Pseudo.FUNC, 4)),
                Decoder.decode(Encoder.encode(code.instructions().subList(0, 2))));
    }

    @Test
    void sizeCountsEntriesNotSlots() {
        CodeBuilder b = new CodeBuilder();
        Label l = b.newLabel();
        b.loadImm64(R1, 1).jump(JumpOp.JEQ, R1, 1, l);
        assertEquals(2, b.size());
        b.bind(l).exit();
        assertEquals(3, b.size());
        assertEquals(4, b.build().slotCount());
    }

    @Test
    void labelsAreNamed() {
        CodeBuilder b = new CodeBuilder();
        assertEquals("L0", b.newLabel().toString());
        assertEquals("exit", b.newLabel("exit").toString());
        assertEquals("L2", b.newLabel().toString());
    }

    /**
     * Follows the control flow from the instruction at {@code index}: a conditional jump goes to its
     * target when {@code taken} and falls through otherwise; then every goto on the way is followed.
     * Asserts that the path ends on {@code marker(expected)}.
     */
    private static void assertLandsOn(Code code, int index, boolean taken, int expected) {
        int[] slots = code.slotIndices();
        int slot = slots[index];
        for (int steps = 0; steps < 10; steps++) {
            Instruction insn = at(code, slots, slot);
            if (insn instanceof Jump j) {
                slot = taken ? slot + 1 + j.offset() : slot + 1;
                taken = true;
            } else if (insn instanceof Goto g) {
                slot = slot + 1 + g.offset();
            } else {
                assertEquals(marker(expected), insn, "landed at slot " + slot);
                return;
            }
        }
        throw new AssertionError("no landing after 10 jumps");
    }

    private static Instruction at(Code code, int[] slots, int slot) {
        int i = java.util.Arrays.binarySearch(slots, slot);
        if (i < 0) throw new AssertionError("slot " + slot + " is inside an instruction or outside the code");
        return code.get(i);
    }
}
