package dev.sluice.compiler.isa;

import static dev.sluice.compiler.isa.Register.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The passes over labelled code: tail duplication, known-constant jumps, store-load forwarding, caller-saved registers for callee-saved ones, dead writes, and RegisterUse. */
class JumpPassesTest {
    private static Instruction jump(JumpOp op, Register dst, int imm, int offset) {
        return new Instruction.Jump(false, op, dst, Operand.imm(imm), offset);
    }

    @Test
    void aGotoIntoAShortExitBlockBecomesACopyOfIt() {
        CodeBuilder c = new CodeBuilder();
        Label exitBlock = c.newLabel();
        Label hop = c.newLabel();
        c.load(Size.H, R2, R1, 0).jump(JumpOp.JEQ, R2, 8, hop).store(Size.DW, R10, -8, 0).goTo(exitBlock).bind(hop).mov64(R0, 1).exit()
                .bind(exitBlock).load(Size.DW, R0, R10, -8).exit();
        JumpPasses.apply(c);
        // The goto is gone; the path that took it runs r0 = *(u64 *)(r10 -8); exit in place.
        assertEquals(List.of(Insns.load(Size.H, R2, R1, 0), jump(JumpOp.JEQ, R2, 8, 3), Insns.store(Size.DW, R10, -8, 0),
                Insns.load(Size.DW, R0, R10, -8), Insns.exit(), Insns.mov64(R0, 1), Insns.exit()), c.build().instructions());
    }

    @Test
    void aGotoJumpedOverIsFoldedIntoTheJumpUnlessCodegenMarkedItStraight() {
        CodeBuilder b = new CodeBuilder();
        Label other = b.newLabel();
        Label pass = b.newLabel();
        b.jump(JumpOp.JEQ, R1, 6, other).goTo(pass).bind(other).mov64(R0, 1).exit().bind(pass).mov64(R0, 2).exit();
        JumpPasses.apply(b);
        // The goto is folded into the jump; then FirstExit sets the taken side's verdict before the
        // test, which jumps to the first exit itself.
        assertEquals(List.of(Insns.mov64(R0, 2), jump(JumpOp.JNE, R1, 6, 1), Insns.mov64(R0, 1), Insns.exit()),
                b.build().instructions());
        CodeBuilder c = new CodeBuilder();
        Label other2 = c.newLabel();
        Label tcp = c.newLabel();
        c.jump(JumpOp.JNE, R4, 6, other2).goToStraight(tcp).bind(other2).mov64(R0, 2).exit().bind(tcp).mov64(R0, 1).exit();
        JumpPasses.apply(c);
        // The protocol matched is the straight path: it falls into a copy of its code (the other side's
        // verdict set before the test, as above).
        assertEquals(List.of(Insns.mov64(R0, 2), jump(JumpOp.JNE, R4, 6, 1), Insns.mov64(R0, 1), Insns.exit()),
                c.build().instructions());
    }

    @Test
    void aCopyFollowsGotosAndKeepsConditionalJumpsToTheirLabels() {
        CodeBuilder b = new CodeBuilder();
        Label tcp = b.newLabel();
        Label rule = b.newLabel();
        Label pass = b.newLabel();
        Label v6 = b.newLabel();
        b.load(Size.H, R2, R1, 0).jump(JumpOp.JEQ, R2, 6, v6);
        b.bind(tcp).load(Size.H, R6, R1, 2).goTo(rule);
        b.bind(v6).alu64(AluOp.ADD, R1, 40).goTo(tcp);
        b.bind(rule).jump(JumpOp.JNE, R6, 22, pass).mov64(R0, 1).exit();
        b.bind(pass).mov64(R0, 2).exit();
        assertTrue(ExitJumps.apply(b));
        JumpThreading.apply(b);
        List<Instruction> code = b.build().instructions();
        // v6: r1 += 40; then the TCP load and the rule copied: no goto on either path.
        assertTrue(code.stream().noneMatch(i -> i instanceof Instruction.Goto), code::toString);
        assertEquals(Insns.alu64(AluOp.ADD, R1, 40), code.get(6), code.toString());
        assertEquals(Insns.load(Size.H, R6, R1, 2), code.get(7), code.toString());
    }

    @Test
    void aPathLongerThanTheLimitOrWithACallIsNotCopied() {
        CodeBuilder b = new CodeBuilder();
        Label far = b.newLabel();
        b.jump(JumpOp.JEQ, R1, 0, far).goTo(far).mov64(R0, 0).exit();
        b.bind(far);
        for (int i = 0; i <= ExitJumps.MAX_COPY; i++) b.mov64(R0, i);
        b.exit();
        assertFalse(ExitJumps.apply(b));
        CodeBuilder c = new CodeBuilder();
        Label helper = c.newLabel();
        c.jump(JumpOp.JEQ, R1, 0, helper).goTo(helper).mov64(R0, 0).exit().bind(helper).call(Helper.values()[0]).exit();
        assertFalse(ExitJumps.apply(c));
    }

    @Test
    void aTestOfAConstantSetOnEveryPathIsDecided() {
        CodeBuilder b = new CodeBuilder();
        Label absent = b.newLabel();
        Label join = b.newLabel();
        Label pass = b.newLabel();
        // r6 = -1 on both paths into join: "if r6 != 22" always jumps there.
        b.mov64(R6, -1).jump(JumpOp.JEQ, R1, 0, absent).mov64(R2, 5).goTo(join);
        b.bind(absent).mov64(R2, 7).bind(join).jump(JumpOp.JNE, R6, 22, pass).mov64(R0, 1).exit();
        b.bind(pass).mov64(R0, 2).exit();
        assertTrue(KnownConstantJumps.apply(b));
        JumpThreading.apply(b);
        List<Instruction> code = b.build().instructions();
        assertTrue(code.stream().noneMatch(i -> i.equals(Insns.mov64(R0, 1))), code::toString);
    }

    @Test
    void aJumpOntoATestItsOwnPathDecidesGoesStraightOn() {
        CodeBuilder b = new CodeBuilder();
        Label done = b.newLabel();
        Label pass = b.newLabel();
        // Only the path from the first jump knows r6 = -1: that jump skips the test, the parse's path keeps it.
        b.mov64(R6, -1).jump(JumpOp.JNE, R1, 8, done).load(Size.H, R6, R1, 0);
        b.bind(done).jump(JumpOp.JNE, R6, 22, pass).mov64(R0, 1).exit();
        b.bind(pass).mov64(R0, 2).exit();
        assertTrue(KnownConstantJumps.apply(b));
        List<Instruction> code = b.build().instructions();
        assertEquals(jump(JumpOp.JNE, R1, 8, 4), code.get(1), code.toString());
        assertEquals(Insns.mov64(R0, 2), code.get(6));
    }

    @Test
    void aStackSlotKeepsItsConstantUntilSomethingMayWriteIt() {
        CodeBuilder b = new CodeBuilder();
        Label pass = b.newLabel();
        b.store(Size.DW, R10, -8, -1).load(Size.DW, R1, R10, -8).jump(JumpOp.JEQ, R1, -1, pass).mov64(R0, 1).exit();
        b.bind(pass).mov64(R0, 2).exit();
        assertTrue(KnownConstantJumps.apply(b));
        CodeBuilder c = new CodeBuilder();
        Label pass2 = c.newLabel();
        c.store(Size.DW, R10, -8, -1).mov64(R2, R10).store(Size.W, R2, -4, 0).load(Size.DW, R1, R10, -8)
                .jump(JumpOp.JEQ, R1, -1, pass2).mov64(R0, 1).exit();
        c.bind(pass2).mov64(R0, 2).exit();
        assertFalse(KnownConstantJumps.apply(c), "a store through r2 may write the slot");
    }

    @Test
    void aLoopHeadKnowsOnlyWhatItsBackEdgesAgreeOn() {
        CodeBuilder b = new CodeBuilder();
        Label loop = b.newLabel();
        Label out = b.newLabel();
        // r0 counts 0, 1, 2: the test at the loop head is not decided, r6 (never written in the loop) is.
        b.mov64(R6, -1).mov64(R0, 0).bind(loop).jump(JumpOp.JEQ, R0, 2, out).alu64(AluOp.ADD, R0, 1)
                .jump(JumpOp.JNE, R6, 22, loop).bind(out).mov64(R0, 2).exit();
        assertTrue(KnownConstantJumps.apply(b));
        JumpThreading.apply(b);
        List<Instruction> code = b.build().instructions();
        assertTrue(code.contains(jump(JumpOp.JEQ, R0, 2, 2)), code::toString);
        assertTrue(code.contains(new Instruction.Goto(-3, false)), code::toString);
    }

    @Test
    void thirtyTwoBitTestsCompareTheLowHalf() {
        CodeBuilder b = new CodeBuilder();
        Label taken = b.newLabel();
        b.loadImm64(R1, 0x1_0000_0005L).jump32(JumpOp.JEQ, R1, 5, taken).mov64(R0, 1).exit().bind(taken).mov64(R0, 2).exit();
        assertTrue(KnownConstantJumps.apply(b));
        JumpThreading.apply(b);
        assertFalse(b.build().instructions().contains(Insns.mov64(R0, 1)));
        CodeBuilder c = new CodeBuilder();
        Label taken2 = c.newLabel();
        c.loadImm64(R1, 0x1_0000_0005L).jump(JumpOp.JEQ, R1, 5, taken2).mov64(R0, 1).exit().bind(taken2).mov64(R0, 2).exit();
        assertTrue(KnownConstantJumps.apply(c));
        JumpThreading.apply(c);
        assertFalse(c.build().instructions().contains(Insns.mov64(R0, 2)));
    }

    @Test
    void arithmeticOnAKnownValueIsFolded() {
        CodeBuilder b = new CodeBuilder();
        Label tenNet = b.newLabel();
        // An absent IPv4 source (all ones) shifted right by 24 is never 10.
        b.mov64(R6, -1).mov64(R1, R6).alu64(AluOp.RSH, R1, 24).jump(JumpOp.JEQ, R1, 10, tenNet).mov64(R0, 1).exit();
        b.bind(tenNet).mov64(R0, 2).exit();
        assertTrue(KnownConstantJumps.apply(b));
        JumpThreading.apply(b);
        assertFalse(b.build().instructions().contains(Insns.mov64(R0, 2)));
    }

    @Test
    void aLoadedByteIsNeverAllOnes() {
        CodeBuilder b = new CodeBuilder();
        Label absent = b.newLabel();
        // A protocol byte just loaded cannot be the "absent" all ones; after a 64-bit OR with an unknown value it can.
        b.load(Size.B, R6, R9, 9).jump(JumpOp.JEQ, R6, -1, absent).mov64(R0, 1).exit().bind(absent).mov64(R0, 2).exit();
        assertTrue(KnownConstantJumps.apply(b));
        JumpThreading.apply(b);
        assertEquals(List.of(Insns.load(Size.B, R6, R9, 9), Insns.mov64(R0, 1), Insns.exit()), b.build().instructions());
        CodeBuilder c = new CodeBuilder();
        Label absent2 = c.newLabel();
        c.load(Size.B, R6, R9, 9).alu64(AluOp.OR, R6, R1).jump(JumpOp.JEQ, R6, -1, absent2).mov64(R0, 1).exit()
                .bind(absent2).mov64(R0, 2).exit();
        assertFalse(KnownConstantJumps.apply(c));
    }

    @Test
    void aSlotReadBackRightAfterItsStoreIsNotLoadedAgain() {
        CodeBuilder b = new CodeBuilder();
        b.store(Size.DW, R10, -80, R1).load(Size.DW, R1, R10, -80).store(Size.DW, R10, -72, R2).load(Size.DW, R3, R10, -72)
                .store(Size.DW, R10, -64, R2).load(Size.W, R3, R10, -64).mov64(R0, 0).exit();
        assertTrue(StoreLoadForwarding.apply(b));
        assertEquals(List.of(Insns.store(Size.DW, R10, -80, R1), Insns.store(Size.DW, R10, -72, R2), Insns.mov64(R3, R2),
                Insns.store(Size.DW, R10, -64, R2), Insns.load(Size.W, R3, R10, -64), Insns.mov64(R0, 0), Insns.exit()),
                b.build().instructions());
        CodeBuilder c = new CodeBuilder();
        Label load = c.newLabel();
        c.jump(JumpOp.JEQ, R1, 0, load).store(Size.DW, R10, -80, R1).bind(load).load(Size.DW, R1, R10, -80).mov64(R0, 0).exit();
        assertFalse(StoreLoadForwarding.apply(c), "a jump lands on the load");
    }

    @Test
    void aWriteNoPathReadsGoesAndTheChainFeedingIt() {
        CodeBuilder b = new CodeBuilder();
        Label parsed = b.newLabel();
        // r6 = -1 is overwritten on the one path that reads r6; r1 = K; r1 &= r6 feeds nothing; the store stays.
        b.mov64(R6, -1).mov64(R1, 5).alu64(AluOp.AND, R1, R2).store(Size.DW, R10, -8, R2).jump(JumpOp.JEQ, R2, 0, parsed)
                .mov64(R0, 2).exit().bind(parsed).load(Size.H, R6, R9, 2).mov64(R0, 0).alu64(AluOp.ADD, R0, R6).exit();
        assertTrue(DeadWrites.apply(b));
        assertEquals(List.of(Insns.store(Size.DW, R10, -8, R2), jump(JumpOp.JEQ, R2, 0, 2), Insns.mov64(R0, 2), Insns.exit(),
                Insns.load(Size.H, R6, R9, 2), Insns.mov64(R0, 0), Insns.alu64(AluOp.ADD, R0, R6), Insns.exit()), b.build().instructions());
        CodeBuilder c = new CodeBuilder();
        Label loop = c.newLabel();
        // Read again round the loop: the counter's increment is live.
        c.mov64(R3, 0).bind(loop).alu64(AluOp.ADD, R3, 1).jump(JumpOp.JLT, R3, 4, loop).mov64(R0, 0).exit();
        assertFalse(DeadWrites.apply(c));
    }

    @Test
    void registerUseNamesWhatAnInstructionMayChange() {
        assertEquals(RegisterUse.bit(R3), RegisterUse.writes(Insns.mov64(R3, 1)));
        assertEquals(RegisterUse.bit(R4), RegisterUse.writes(Insns.load(Size.B, R4, R9, 0)));
        assertEquals(0, RegisterUse.writes(Insns.store(Size.DW, R10, -8, R1)));
        assertEquals(RegisterUse.CALLER_SAVED, RegisterUse.writes(Insns.call(1)));
        assertEquals(RegisterUse.CALLER_SAVED, RegisterUse.writes(new Instruction.LoadPacket(false, Size.H, R0, 12)));
        assertEquals(RegisterUse.bit(R2) | RegisterUse.bit(R0),
                RegisterUse.writes(new Instruction.Atomic(Size.DW, AtomicOp.FETCH_ADD, R1, R2, 0)));
        assertEquals(0, RegisterUse.writes(new Instruction.Atomic(Size.DW, AtomicOp.ADD, R1, R2, 0)));
        assertEquals(RegisterUse.bit(R2), RegisterUse.reads(Insns.mov64(R3, R2)));
        assertEquals(RegisterUse.bit(R3) | RegisterUse.bit(R2), RegisterUse.reads(Insns.alu64(AluOp.ADD, R3, R2)));
        assertEquals(RegisterUse.bit(R1), RegisterUse.reads(Insns.store(Size.DW, R10, -8, R1)));
        assertEquals(RegisterUse.bit(R0), RegisterUse.reads(Insns.exit()));
        assertEquals(RegisterUse.bit(R6), RegisterUse.reads(new Instruction.LoadPacket(false, Size.H, R0, 12)));
    }
}
