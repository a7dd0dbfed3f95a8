package dev.sluice.runtime;

import static dev.sluice.compiler.isa.Register.*;

import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.AtomicOp;
import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.isa.Pseudo;
import dev.sluice.compiler.isa.Size;
import dev.sluice.compiler.maps.MapSpec;
import dev.sluice.compiler.maps.MapType;

/** Hand-assembled programs for the runtime's tests (the rule compiler is another issue). */
final class TestPrograms {
    static final int XDP_DROP = 1;
    static final int XDP_PASS = 2;
    static final int TC_ACT_OK = 0;
    static final int TC_ACT_SHOT = 2;

    private TestPrograms() {}

    static MapSpec counterMap() {
        return new MapSpec("hits", MapType.ARRAY, 4, 8, 1, 0);
    }

    /** Adds 1 to slot 0 of map #0; r6 must hold nothing the caller needs. */
    static void countInto(CodeBuilder b) {
        Label missing = b.newLabel();
        b.store(Size.W, R10, -4, 0).mov64(R2, R10).alu64(AluOp.ADD, R2, -4)
                .add(new Instruction.LoadImm64(R1, Pseudo.MAP_FD, 0)).call(1)
                .jump(JumpOp.JEQ, R0, 0, missing)
                .mov64(R1, 1).add(new Instruction.Atomic(Size.DW, AtomicOp.ADD, R0, R1, 0))
                .bind(missing);
    }

    /** Counts every packet in map #0 and returns {@code verdict}. */
    static Code countAll(int verdict) {
        CodeBuilder b = new CodeBuilder();
        countInto(b);
        return b.mov64(R0, verdict).exit().build();
    }

    /**
     * Over a frame starting at the Ethernet header (xdp, tc): IPv4 UDP to {@code port} (IHL 5)
     * counts into map #0 and returns {@code match}; everything else returns {@code other}.
     * {@code dataOffset} is where the context holds data and data_end (0 for xdp_md, 76 for __sk_buff).
     */
    static Code udpPort(int port, int match, int other, int dataOffset) {
        CodeBuilder b = new CodeBuilder();
        Label no = b.newLabel();
        b.load(Size.W, R6, R1, dataOffset).load(Size.W, R7, R1, dataOffset + 4)
                .mov64(R2, R6).alu64(AluOp.ADD, R2, 38).jump(JumpOp.JGT, R2, R7, no)
                .load(Size.H, R3, R6, 12).jump(JumpOp.JNE, R3, 0x0008, no)
                .load(Size.B, R3, R6, 23).jump(JumpOp.JNE, R3, 17, no)
                .load(Size.H, R3, R6, 36).jump(JumpOp.JNE, R3, Short.reverseBytes((short) port) & 0xffff, no);
        countInto(b);
        b.mov64(R0, match).exit()
                .bind(no).mov64(R0, other).exit();
        return b.build();
    }
}
