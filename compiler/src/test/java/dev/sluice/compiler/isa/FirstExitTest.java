package dev.sluice.compiler.isa;

import static dev.sluice.compiler.isa.Register.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class FirstExitTest {
    @Test
    void theVerdictMostJumpsGoToBecomesTheFirstExitAndTheyAllGoThere() {
        // f1's shape: bounds checks jump to pass, the port test falls into drop, IPv6 has its own pass copy.
        CodeBuilder b = new CodeBuilder();
        Label pass = b.newLabel();
        Label passAgain = b.newLabel();
        b.jump(JumpOp.JGT, R4, R5, pass).jump(JumpOp.JNE, R3, 8, passAgain).jump(JumpOp.JNE, R0, 5632, pass).mov64(R0, 1).exit()
                .bind(pass).mov64(R0, 2).exit()
                .bind(passAgain).mov64(R0, 2).exit();
        assertTrue(FirstExit.apply(b));
        assertEquals(List.of(Insns.jump(JumpOp.JGT, R4, R5, 2), Insns.jump(JumpOp.JNE, R3, 8, 1), Insns.jump(JumpOp.JEQ, R0, 5632, 2),
                Insns.mov64(R0, 2), Insns.exit(), Insns.mov64(R0, 1), Insns.exit()), b.build().instructions());
    }

    @Test
    void withoutTheMajorityTheFirstExitStaysAndItsCopiesMergeIntoIt() {
        // One jump to pass against the fall-through into drop: no swap; the jumps to drop's copy go to the first drop.
        CodeBuilder b = new CodeBuilder();
        Label pass = b.newLabel();
        Label dropAgain = b.newLabel();
        b.jump(JumpOp.JEQ, R1, 0, dropAgain).jump(JumpOp.JNE, R0, 22, pass).mov64(R0, 1).exit()
                .bind(pass).mov64(R0, 2).exit()
                .bind(dropAgain).mov64(R0, 1).exit();
        assertTrue(FirstExit.apply(b));
        assertEquals(List.of(Insns.jump(JumpOp.JEQ, R1, 0, 1), Insns.jump(JumpOp.JNE, R0, 22, 2), Insns.mov64(R0, 1), Insns.exit(),
                Insns.mov64(R0, 2), Insns.exit()), b.build().instructions());
    }

    @Test
    void theOtherVerdictIsSetBeforeTheTestThatChoosesItAsClangDoes() {
        // The port loaded into r0 and tested: it moves to a free register, drop is set before the test,
        // and the test jumps to the first exit's exit itself.
        CodeBuilder b = new CodeBuilder();
        Label drop = b.newLabel();
        b.load(Size.H, R0, R4, 2).jump(JumpOp.JEQ, R0, 5632, drop).mov64(R0, 2).exit().bind(drop).mov64(R0, 1).exit();
        assertTrue(FirstExit.apply(b));
        assertEquals(List.of(Insns.load(Size.H, R1, R4, 2), Insns.mov64(R0, 1), Insns.jump(JumpOp.JEQ, R1, 5632, 1),
                Insns.mov64(R0, 2), Insns.exit()), b.build().instructions());
        // A port loaded, swapped and tested twice (a range), all in r0: the whole run takes r1.
        CodeBuilder range = new CodeBuilder();
        Label pass = range.newLabel();
        Label dropRange = range.newLabel();
        range.load(Size.H, R0, R4, 2).add(new Instruction.ByteSwap(Instruction.ByteSwap.ByteOrder.TO_BE, 16, R0))
                .jump(JumpOp.JLT, R0, 1000, pass).jump(JumpOp.JLE, R0, 2000, dropRange)
                .bind(pass).mov64(R0, 2).exit().bind(dropRange).mov64(R0, 1).exit();
        assertTrue(FirstExit.apply(range));
        assertEquals(List.of(Insns.load(Size.H, R1, R4, 2), new Instruction.ByteSwap(Instruction.ByteSwap.ByteOrder.TO_BE, 16, R1),
                Insns.jump(JumpOp.JLT, R1, 1000, 2), Insns.mov64(R0, 1), Insns.jump(JumpOp.JLE, R1, 2000, 1), Insns.mov64(R0, 2),
                Insns.exit()), range.build().instructions());
        // Not when a path jumps to the test itself with r0 already holding the value.
        CodeBuilder c = new CodeBuilder();
        Label test = c.newLabel();
        Label drop2 = c.newLabel();
        c.jump(JumpOp.JEQ, R2, 0, test).load(Size.H, R0, R4, 2).bind(test).jump(JumpOp.JEQ, R0, 5632, drop2).mov64(R0, 2).exit()
                .bind(drop2).mov64(R0, 1).exit();
        assertFalse(FirstExit.apply(c));
    }

    @Test
    void aCopyReachedByFallingIntoItBecomesAJumpToTheFirst() {
        // The copy after a protocol test: one slot fewer, and the test jumps to the first exit itself.
        CodeBuilder b = new CodeBuilder();
        Label rest = b.newLabel();
        Label tcp = b.newLabel();
        b.jump(JumpOp.JNE, R1, 0, rest).mov64(R0, 2).exit()
                .bind(rest).jump(JumpOp.JEQ, R2, 6, tcp).mov64(R0, 2).exit()
                .bind(tcp).mov64(R0, 1).exit();
        assertTrue(FirstExit.apply(b));
        assertEquals(List.of(Insns.jump(JumpOp.JNE, R1, 0, 2), Insns.mov64(R0, 2), Insns.exit(), Insns.jump(JumpOp.JNE, R2, 6, -3),
                Insns.mov64(R0, 1), Insns.exit()), b.build().instructions());
        // Unless something jumps to its bare exit, with r0 set by the jumper.
        CodeBuilder c = new CodeBuilder();
        Label rest2 = c.newLabel();
        Label bare = c.newLabel();
        c.jump(JumpOp.JNE, R1, 0, rest2).mov64(R0, 2).exit()
                .bind(rest2).jump(JumpOp.JEQ, R2, 6, bare).mov64(R0, 2).bind(bare).exit();
        assertFalse(FirstExit.apply(c));
        // Nor inside a loop: the inversion would leave the verifier an exit to come back to on every turn.
        CodeBuilder d = new CodeBuilder();
        Label loop = d.newLabel();
        Label body = d.newLabel();
        d.jump(JumpOp.JNE, R1, 0, loop).mov64(R0, 2).exit()
                .bind(loop).jump(JumpOp.JNE, R2, 0, body).mov64(R0, 2).exit()
                .bind(body).alu64(AluOp.ADD, R2, -1).goTo(loop);
        assertFalse(FirstExit.apply(d));
    }

    @Test
    void leftAloneWhenThereIsNothingToGainOrItCannotTell() {
        // A JSET falls into the first exit: it has no negation, so no swap, though the verdict it jumps
        // to is set before it (which needs no negation).
        CodeBuilder jset = new CodeBuilder();
        Label pass = jset.newLabel();
        jset.jump(JumpOp.JGT, R4, R5, pass).jump(JumpOp.JSET, R2, 2, pass).mov64(R0, 1).exit().bind(pass).mov64(R0, 2).exit();
        assertTrue(FirstExit.apply(jset));
        assertEquals(List.of(Insns.jump(JumpOp.JGT, R4, R5, 4), Insns.mov64(R0, 2), Insns.jump(JumpOp.JSET, R2, 2, 1), Insns.mov64(R0, 1),
                Insns.exit(), Insns.mov64(R0, 2), Insns.exit()), jset.build().instructions());
        // The first exit returns a computed value.
        CodeBuilder computed = new CodeBuilder();
        Label other = computed.newLabel();
        computed.jump(JumpOp.JEQ, R1, 0, other).mov64(R0, R2).exit().bind(other).mov64(R0, 2).exit();
        assertFalse(FirstExit.apply(computed));
        // A bpf-to-bpf call: a subprogram's exits return to its caller.
        CodeBuilder calls = new CodeBuilder();
        Label function = calls.newLabel();
        Label pass2 = calls.newLabel();
        Label pass3 = calls.newLabel();
        calls.callLocal(function).jump(JumpOp.JEQ, R0, 0, pass2).jump(JumpOp.JEQ, R0, 1, pass3).jump(JumpOp.JNE, R0, 2, pass2)
                .mov64(R0, 1).exit().bind(pass2).mov64(R0, 2).exit().bind(pass3).mov64(R0, 2).exit()
                .bind(function).mov64(R0, 0).exit();
        assertFalse(FirstExit.apply(calls));
    }
}
