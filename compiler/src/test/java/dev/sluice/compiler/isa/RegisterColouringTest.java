package dev.sluice.compiler.isa;

import static dev.sluice.compiler.isa.Register.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class RegisterColouringTest {
    private static List<Instruction> coloured(CodeBuilder b) {
        assertTrue(RegisterColouring.apply(b));
        return b.build().instructions();
    }

    @Test
    void aProgramThatCallsNothingKeepsItsValuesInCallerSavedRegisters() {
        CodeBuilder b = new CodeBuilder();
        Label pass = b.newLabel();
        b.load(Size.W, R7, R1, 0).load(Size.W, R8, R1, 4).mov64(R9, R7).alu64(AluOp.ADD, R9, 14).jump(JumpOp.JGT, R9, R8, pass)
                .mov64(R0, 1).exit().bind(pass).mov64(R0, 2).exit();
        // The data pointer and the cursor copied from it share r0, which only r0 = K; exit writes later
        // (the move between them, now r0 = r0, goes); the end takes r5.
        assertEquals(List.of(Insns.load(Size.W, R0, R1, 0), Insns.load(Size.W, R5, R1, 4),
                Insns.alu64(AluOp.ADD, R0, 14), new Instruction.Jump(false, JumpOp.JGT, R0, Operand.reg(R5), 2), Insns.mov64(R0, 1),
                Insns.exit(), Insns.mov64(R0, 2), Insns.exit()), coloured(b));
    }

    @Test
    void eachValueOfOneRegisterGetsARegisterOfItsOwn() {
        // r6 holds A (live beside the context and r2-r5, so only r0 is free for it) and later B (live
        // beside r0 and r2-r5, so only r1 is): no single register is free for both, two are.
        CodeBuilder b = new CodeBuilder();
        b.load(Size.B, R6, R1, 0).load(Size.B, R2, R1, 2).load(Size.B, R3, R1, 3).load(Size.B, R4, R1, 4).load(Size.B, R5, R1, 5)
                .load(Size.B, R1, R1, 1).alu64(AluOp.ADD, R1, R6).mov64(R0, R1).mov64(R6, 7)
                .alu64(AluOp.ADD, R0, R6).alu64(AluOp.ADD, R0, R2).alu64(AluOp.ADD, R0, R3).alu64(AluOp.ADD, R0, R4)
                .alu64(AluOp.ADD, R0, R5).exit();
        List<Instruction> out = coloured(b);
        for (Instruction insn : out) {
            assertEquals(0, (RegisterUse.reads(insn) | RegisterUse.writes(insn)) & ~RegisterUse.CALLER_SAVED, insn + " names r6-r9");
        }
        Register a = ((Instruction.Load) out.get(0)).dst();
        Register bValue = ((Instruction.Alu) out.get(8)).dst();
        assertEquals(R0, a);
        assertEquals(R1, bValue);
        assertEquals(Insns.mov64(R1, 7), out.get(8));
    }

    @Test
    void aValueLiveAcrossAHelperCallKeepsACalleeSavedRegister() {
        // r6 is still to be read where each of r0-r5 is written: it stays.
        CodeBuilder c = new CodeBuilder();
        c.load(Size.B, R6, R1, 0);
        for (Register r : new Register[] {R1, R2, R3, R4, R5}) c.mov64(r, 1);
        c.mov64(R0, 0).alu64(AluOp.ADD, R0, R6).alu64(AluOp.ADD, R0, R1).alu64(AluOp.ADD, R0, R2).alu64(AluOp.ADD, R0, R3)
                .alu64(AluOp.ADD, R0, R4).alu64(AluOp.ADD, R0, R5).exit();
        assertFalse(RegisterColouring.apply(c));
        // A helper call clobbers r1-r5 and writes r0: a value read after it stays in r6-r9.
        CodeBuilder d = new CodeBuilder();
        d.load(Size.W, R7, R1, 0).call(Helper.values()[0]).mov64(R0, R7).exit();
        assertFalse(RegisterColouring.apply(d));
    }

    @Test
    void aValueReadOnlyBeforeACallMovesToACallerSavedRegister() {
        // The key of a lookup: map_lookup_elem reads r1 and r2 only and writes r0, so the byte goes to r0,
        // free until the call returns.
        CodeBuilder e = new CodeBuilder();
        e.load(Size.B, R6, R1, 0).store(Size.W, R10, -4, R6).mov64(R2, R10).alu64(AluOp.ADD, R2, -4).mov64(R1, 0)
                .call(Helper.MAP_LOOKUP_ELEM).mov64(R0, 2).exit();
        assertEquals(List.of(Insns.load(Size.B, R0, R1, 0), Insns.store(Size.W, R10, -4, R0), Insns.mov64(R2, R10),
                Insns.alu64(AluOp.ADD, R2, -4), Insns.mov64(R1, 0), Insns.call(1), Insns.mov64(R0, 2), Insns.exit()), coloured(e));
    }

    @Test
    void aHelpersArgumentsAndResultStayWhereTheCallHasThem() {
        // r7 = ctx, r6 = the lookup's result read after a second call: the first call's r1 and r2 stay, its
        // result is copied to a register that survives the second call.
        CodeBuilder b = new CodeBuilder();
        Label miss = b.newLabel();
        b.mov64(R7, R1).mov64(R2, R10).alu64(AluOp.ADD, R2, -8).store(Size.DW, R10, -8, 0).mov64(R1, 0)
                .call(Helper.MAP_LOOKUP_ELEM).mov64(R6, R0).jump(JumpOp.JEQ, R6, 0, miss).mov64(R1, R7)
                .call(Helper.values()[0]).load(Size.W, R0, R6, 0).exit().bind(miss).mov64(R0, 0).exit();
        assertFalse(RegisterColouring.apply(b), "both values live across a call: two of r6-r9, as before");
    }

    @Test
    void legacyPacketLoadsAreLeftAlone() {
        CodeBuilder b = new CodeBuilder();
        b.mov64(R6, R1).add(new Instruction.LoadPacket(false, Size.B, R0, 23)).exit();
        assertFalse(RegisterColouring.apply(b));
    }
}
