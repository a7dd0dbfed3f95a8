package dev.sluice.compiler.codegen;

import static dev.sluice.compiler.isa.Register.*;

import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Label;

/** A histogram's bucket: branch-free of loops, so the verifier walks it once per path. */
final class Log2Bucket {
    private Log2Bucket() {}

    /** r2 = the bucket of r1: 0 for 0, else floor(log2(r1)) + 1, by halving the search range (r1, r3 clobbered). */
    static void emit(CodeBuilder b) {
        Label zero = b.newLabel();
        Label end = b.newLabel();
        b.mov64(R2, 0).jump(JumpOp.JEQ, R1, 0, zero).mov64(R2, 1);
        for (int shift : new int[] {32, 16, 8, 4, 2, 1}) {
            Label below = b.newLabel();
            b.mov64(R3, R1).alu64(AluOp.RSH, R3, shift).jump(JumpOp.JEQ, R3, 0, below)
                    .alu64(AluOp.ADD, R2, shift).mov64(R1, R3).bind(below);
        }
        b.goTo(end).bind(zero).bind(end);
    }
}
