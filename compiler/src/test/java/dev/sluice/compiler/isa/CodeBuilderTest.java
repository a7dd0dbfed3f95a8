package dev.sluice.compiler.isa;

import static dev.sluice.compiler.isa.Register.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.isa.Instruction.*;
import org.junit.jupiter.api.Test;

class CodeBuilderTest {
    /** Follows jump offsets from slot {@code from} and returns the slot reached. */
    static int target(Code code, int index) {
        int[] slots = code.slotIndices();
        Instruction insn = code.get(index);
        int offset = insn instanceof Jump j ? j.offset() : insn instanceof Goto g ? g.offset()
                : ((Call) insn).imm();
        return slots[index] + 1 + offset;
    }

    static int slotOf(Code code, int index) {
        return code.slotIndices()[index];
    }

    @Test
    void forwardAndBackwardLabels() {
        CodeBuilder b = new CodeBuilder();
        Label top = b.newLabel();
        Label end = b.newLabel();
        b.mov64(R0, 0).bind(top).alu64(AluOp.ADD, R0, 1).jump(JumpOp.JGT, R0, 10, end).loadImm64(R1, 5)
                .goTo(top).bind(end).exit();
        Code code = b.build();
        assertEquals(slotOf(code, 5), target(code, 2));
        assertEquals(slotOf(code, 1), target(code, 4));
        assertEquals(new Goto(-5, false), code.get(4));
    }

    @Test
    void unboundAndTwiceBoundLabelsAreErrors() {
        CodeBuilder b = new CodeBuilder();
        Label nowhere = b.newLabel("nowhere");
        b.goTo(nowhere).exit();
        IllegalStateException e = assertThrows(IllegalStateException.class, b::build);
        assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
        CodeBuilder twice = new CodeBuilder();
        Label l = twice.newLabel();
        twice.bind(l);
        assertThrows(IllegalStateException.class, () -> twice.bind(l));
        CodeBuilder past = new CodeBuilder();
        Label end = past.newLabel("end");
        past.goTo(end).exit().bind(end);
        assertTrue(assertThrows(IllegalStateException.class, past::build).getMessage().contains("after the last"));
    }

    @Test
    void farJumpsTakeTheLongForm() {
        CodeBuilder b = new CodeBuilder();
        Label far = b.newLabel();
        b.mov64(R0, 0).jump(JumpOp.JEQ, R1, 0, far).jump(JumpOp.JSET, R1, R2, far).goTo(far);
        for (int i = 0; i < 40_000; i++) b.alu64(AluOp.ADD, R0, 1);
        b.bind(far).exit();
        Code code = b.build();
        // jeq +1; ja +1; gotol far  (three instructions) twice, then one gotol.
        assertEquals(new Jump(false, JumpOp.JEQ, R1, Operand.imm(0), 1), code.get(1));
        assertEquals(new Goto(1, false), code.get(2));
        assertTrue(((Goto) code.get(3)).wide());
        assertTrue(((Goto) code.get(7)).wide());
        int exit = code.size() - 1;
        assertInstanceOf(Exit.class, code.get(exit));
        assertEquals(slotOf(code, exit), target(code, 3));
        assertEquals(slotOf(code, exit), target(code, 6));
        assertEquals(slotOf(code, exit), target(code, 7));
        assertEquals(slotOf(code, 4), target(code, 1) + 1);
    }

    @Test
    void justFittingJumpsStayShort() {
        CodeBuilder b = new CodeBuilder();
        Label end = b.newLabel();
        b.jump(JumpOp.JEQ, R1, 0, end);
        for (int i = 0; i < Short.MAX_VALUE; i++) b.mov64(R0, 0);
        b.bind(end).exit();
        Code code = b.build();
        assertEquals(new Jump(false, JumpOp.JEQ, R1, Operand.imm(0), Short.MAX_VALUE), code.get(0));
    }

    @Test
    void localCallsAndFunctionAddresses() {
        CodeBuilder b = new CodeBuilder();
        Label f = b.newLabel();
        b.callLocal(f).loadFunction(R2, f).exit().bind(f).mov64(R0, 1).exit();
        Code code = b.build();
        assertEquals(new Call(CallKind.LOCAL, 3), code.get(0));
        assertEquals(new LoadImm64(R2, Pseudo.FUNC, 2), code.get(1)); // the kernel counts from the load's slot + 1
        assertEquals(4, target(code, 0));
    }

    @Test
    void widenedGotoEvenWhenNear() {
        CodeBuilder b = new CodeBuilder();
        Label end = b.newLabel();
        b.goToWide(end).mov64(R0, 0).bind(end).exit();
        assertEquals(new Goto(1, true), b.build().get(0));
    }
}
