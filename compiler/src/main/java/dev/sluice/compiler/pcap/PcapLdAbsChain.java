package dev.sluice.compiler.pcap;

import static dev.sluice.compiler.isa.Register.R0;
import static dev.sluice.compiler.isa.Register.R4;
import static dev.sluice.compiler.isa.Register.R5;
import static dev.sluice.compiler.isa.Register.R7;
import static dev.sluice.compiler.isa.Register.R8;
import static dev.sluice.compiler.isa.Register.R9;

import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.isa.Size;

/**
 * gen_protochain's loop in the LD_ABS form ({@link PcapLdAbsForm}): the header type (classic BPF's
 * A) in r7, the header's offset (its X) in r8 and the steps taken in r9, which survive the legacy
 * loads (those clobber r0-r5). A read past the packet's end ends the program with 0, libpcap's
 * rejection, so a step needs no bounds check; more than {@link PcapValueCode#CHAIN_STEPS} steps
 * reject the packet, as in the direct-access loop ({@link PcapValueCode#protochain}), whose
 * shape this follows for the verifier: every conditional jump continues the loop when taken and
 * leaves it when not, and each exit sets a register before its goto so that jump threading keeps
 * that shape. The offset stays far below {@link PcapLdAbsForm#FAR}: it starts at most 60 and a
 * step adds at most (255 + 2) * 8.
 */
final class PcapLdAbsChain {
    private PcapLdAbsChain() {}

    /**
     * The loop, r7 = the first header's type and r8 = its offset on entry: falls through when the
     * chain reaches {@code protocol}, jumps to {@code no} when it ends elsewhere and to {@code reject}
     * when libpcap rejects the packet. Leaves r7, r8 and r0-r5 changed.
     */
    static void emit(CodeBuilder b, PcapTest.ProtoChain c, Label no, Label reject) {
        Label again = b.newLabel();
        Label found = b.newLabel();
        Label notFound = b.newLabel();
        Label notNone = b.newLabel();
        Label step = b.newLabel();
        Label counted = b.newLabel();
        b.mov64(R9, 0);
        b.bind(again);
        b.jump32(JumpOp.JNE, R7, (int) c.protocol(), notFound).mov64(R4, 1).goTo(found).bind(notFound);
        b.jump32(JumpOp.JNE, R7, 59, notNone).mov64(R4, 0).goTo(no).bind(notNone);
        if (c.ipv6()) {
            // r0 = A is hop-by-hop, routing, fragment or destination options: bit A of a mask, when A < 64.
            b.loadImm64(R0, 1L | 1L << 43 | 1L << 44 | 1L << 60).alu64(AluOp.RSH, R0, R7).alu64(AluOp.AND, R0, 1);
            b.mov64(R5, R7).alu64(AluOp.SUB, R5, 64).alu64(AluOp.RSH, R5, 63).alu64(AluOp.AND, R0, R5);
        }
        // r7 = (A == AH), A being no longer needed: (A ^ 51) - 1 has its top bit set only when A ^ 51 is 0.
        b.alu64(AluOp.XOR, R7, 51).alu64(AluOp.SUB, R7, 1).alu64(AluOp.RSH, R7, 63);
        if (c.ipv6()) b.alu64(AluOp.OR, R0, R7).jump(JumpOp.JNE, R0, 0, step);
        else b.jump(JumpOp.JNE, R7, 0, step);
        b.mov64(R4, 0).goTo(no);
        b.bind(step).alu64(AluOp.ADD, R9, 1);
        b.jump(JumpOp.JLE, R9, PcapValueCode.CHAIN_STEPS, counted).mov64(R4, 0).goTo(reject).bind(counted);
        // The step's length, (length + 1 + ah) << (3 - ah), as ((length + 1 + ah) << 3) >> ah:
        // 8-byte units for IPv6 extensions, 4 for AH.
        b.add(new Instruction.LoadPacket(true, Size.B, R8, (int) c.base() + 1));
        b.alu64(AluOp.ADD, R0, 1).alu64(AluOp.ADD, R0, R7).alu64(AluOp.LSH, R0, 3).alu64(AluOp.RSH, R0, R7);
        // The next offset, (X & (ah - 1)) + length, in r7: libpcap's AH step sets X rather than adding to it.
        b.alu64(AluOp.SUB, R7, 1).alu64(AluOp.AND, R7, R8).alu64(AluOp.ADD, R7, R0);
        // The next type, read at the old offset; then X and A move on.
        b.add(new Instruction.LoadPacket(true, Size.B, R8, (int) c.base()));
        b.mov64(R8, R7).mov64(R7, R0).goTo(again);
        b.bind(found);
    }
}
