package dev.sluice.compiler.codegen;

import static dev.sluice.compiler.isa.Register.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.hooks.ContextAccess;
import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.isa.Size;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Backward register liveness, and the verifier model merging paths that differ only in dead registers. */
class RegisterLivenessTest {
    @Test
    void aRegisterIsLiveFromItsWriteToItsLastRead() {
        CodeBuilder b = new CodeBuilder();
        Label skip = b.newLabel();
        b.mov64(R2, 7)                              // 0
                .mov64(R3, 1)                       // 1: r3 dead: overwritten at 4 before any read
                .jump(JumpOp.JEQ, R2, 7, skip)      // 2: reads r2
                .mov64(R0, 1)                       // 3
                .bind(skip).mov64(R3, 2)            // 4
                .alu64(AluOp.ADD, R0, R3)           // 5: reads r0 and r3
                .exit();                            // 6: reads r0
        Code code = b.build();
        RegisterLiveness live = RegisterLiveness.of(code);
        assertFalse(live.liveAt(0, R2), "written by 0 itself");
        assertTrue(live.liveAt(2, R2));
        assertFalse(live.liveAt(3, R2), "no read of r2 after the jump");
        assertFalse(live.liveAt(2, R3), "r3 is written at 4 on both paths before 5 reads it");
        assertTrue(live.liveAt(5, R3));
        // r0 reaches 5 unwritten on the jumping path: live at the start, as the kernel would say it is uninitialised.
        assertTrue(live.liveAt(0, R0));
        assertFalse(live.liveAt(3, R0), "3 writes it");
        assertTrue(live.liveAt(6, R0));
        assertTrue(live.liveAt(6, R10), "the frame pointer is never forgotten");
    }

    @Test
    void aHelperCallReadsItsArgumentsOnlyAndWritesR0ToR5() {
        CodeBuilder b = new CodeBuilder();
        b.mov64(R1, 0).mov64(R2, 0).call(1 /* map_lookup_elem(map, key): r1 and r2 */)
                .mov64(R0, 0).exit();
        RegisterLiveness live = RegisterLiveness.of(b.build());
        assertTrue(live.liveAt(2, R1), "helper arguments are live up to the call");
        assertTrue(live.liveAt(2, R2));
        assertFalse(live.liveAt(2, R3), "map_lookup_elem takes two arguments: r3 is not read");
        assertFalse(live.liveAt(0, R1), "written at 0");
        assertFalse(live.liveAt(3, R1), "the call clobbers r1 to r5");
        assertFalse(live.liveAt(3, R0), "3 writes r0");
    }

    @Test
    void aCallOfAnUnknownHelperReadsR1ToR5() {
        CodeBuilder b = new CodeBuilder();
        b.call(999).mov64(R0, 0).exit();
        RegisterLiveness live = RegisterLiveness.of(b.build());
        assertTrue(live.liveAt(0, R1));
        assertTrue(live.liveAt(0, R5), "an unknown helper may read every argument register");
    }

    /**
     * 24 branches on an unknown value, each making a packet pointer at a variable offset and proving a
     * different length of it on each side (or none, where the check fails), then joining: 3^24 paths that
     * differ only in a register the next step overwrites and in what was proven about a pointer nothing
     * holds any more. Before those were forgotten at joins, the model gave up (its visit limit) before it
     * walked the path that reads the packet unchecked; now it walks the chain once and finds that read.
     */
    @Test
    void pathsDifferingOnlyInWhatNoOneReadsMerge() {
        CodeBuilder b = new CodeBuilder();
        Label unchecked = b.newLabel();
        b.load(Size.W, R2, R1, 0).load(Size.W, R7, R1, 4).load(Size.W, R5, R1, 12).mov64(R0, 2)
                .jump(JumpOp.JSET, R5, 1, unchecked);
        for (int i = 0; i < 24; i++) {
            Label other = b.newLabel();
            Label join = b.newLabel();
            b.mov64(R4, R2).alu64(AluOp.ADD, R4, R5).jump(JumpOp.JSET, R5, 2, other)
                    .mov64(R6, R4).alu64(AluOp.ADD, R6, 1).jump(JumpOp.JGT, R6, R7, join).goTo(join)
                    .bind(other).mov64(R6, R4).alu64(AluOp.ADD, R6, 2).jump(JumpOp.JGT, R6, R7, join).bind(join);
        }
        b.exit().bind(unchecked).load(Size.B, R3, R2, 0).exit();
        long start = System.nanoTime();
        Optional<VerifierModel.Rejection> r = VerifierModel.check(b.build(), ContextAccess.XDP);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(r.isPresent(), "the model gave up");
        assertTrue(r.get().reason().contains("packet access at +0"), r.get().reason());
        assertTrue(millis < 2000, "took " + millis + " ms");
    }
}
