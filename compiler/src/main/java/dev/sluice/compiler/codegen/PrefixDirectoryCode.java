package dev.sluice.compiler.codegen;

import static dev.sluice.compiler.isa.Register.*;

import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.compiler.image.PrefixDirectory;
import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.Helper;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.isa.Pseudo;
import dev.sluice.compiler.isa.Size;

/**
 * Membership of an IPv4 address in a prefix set kept as a {@link PrefixDirectory} and a hash of
 * (length, masked address): the /16's entry settles a miss, a /16 a short member covers and a /16
 * with one longer member; otherwise the hash is probed for the lengths the entry names, longest
 * first, ending when none is left. The probes are unrolled over the 16 lengths 17 to 32, so that the
 * verifier walks each once (a loop over lengths is walked once per length and state).
 */
final class PrefixDirectoryCode {
    private PrefixDirectoryCode() {}

    /**
     * Falls through when the present IPv4 {@code field}'s value is in the set, jumps to {@code otherwise}
     * when not; {@code key} is an 8-aligned stack offset with 16 free bytes: the hash key (length,
     * address), the address in network order, the lengths left to probe.
     */
    static void emit(CodeBuilder b, FieldReads reads, PacketField field, int directory, int members, int key, Label otherwise) {
        int networkOrder = key + 8;
        int lengths = key + 12;
        Label holds = b.newLabel();
        Label probes = b.newLabel();
        reads.load(field, 0, R1);
        b.alu64(AluOp.RSH, R1, 16).store(Size.W, R10, key, R1).mov64(R2, R10).alu64(AluOp.ADD, R2, key)
                .add(new Instruction.LoadImm64(R1, Pseudo.MAP_FD, directory)).call(Helper.MAP_LOOKUP_ELEM)
                .jump(JumpOp.JEQ, R0, 0, otherwise)
                // Most misses end here, at a zero entry.
                .load(Size.DW, R3, R0, 0).jump(JumpOp.JEQ, R3, 0, otherwise)
                // An and and a jump, not JSET: llvm-objdump 14, which the disassembly is checked against, cannot print JSET K.
                .mov64(R4, R3).alu64(AluOp.AND, R4, PrefixDirectory.WHOLE).jump(JumpOp.JNE, R4, 0, holds)
                .mov64(R4, R3).alu64(AluOp.RSH, R4, 32).jump(JumpOp.JEQ, R4, 0, probes);
        // The one longer member under this /16: the address's low 16 bits under its mask.
        reads.load(field, 0, R1);
        b.mov64(R2, R4).alu64(AluOp.RSH, R2, 16).alu64(AluOp.AND, R1, R2).alu64(AluOp.AND, R4, 0xffff)
                .jump(JumpOp.JNE, R1, R4, otherwise).goTo(holds)
                .bind(probes).store(Size.W, R10, lengths, R3);
        reads.load(field, 0, R1);
        b.add(new Instruction.ByteSwap(Instruction.ByteSwap.ByteOrder.TO_BE, 32, R1)).store(Size.W, R10, networkOrder, R1);
        for (int length = 32; length >= PrefixDirectory.FIRST_PROBED; length--) {
            Label next = b.newLabel();
            int bit = PrefixDirectory.lengthBit(length);
            // Bits below this length's are the longer lengths, already probed: none at or above it, no member.
            b.load(Size.W, R3, R10, lengths).jump(JumpOp.JLT, R3, bit, otherwise);
            if (length > PrefixDirectory.FIRST_PROBED) b.alu64(AluOp.AND, R3, bit).jump(JumpOp.JEQ, R3, 0, next);
            b.store(Size.W, R10, key, length).load(Size.W, R1, R10, networkOrder);
            if (length < 32) b.alu32(AluOp.AND, R1, Integer.reverseBytes(PrefixDirectory.mask(length)));
            b.store(Size.W, R10, key + 4, R1).mov64(R2, R10).alu64(AluOp.ADD, R2, key)
                    .add(new Instruction.LoadImm64(R1, Pseudo.MAP_FD, members)).call(Helper.MAP_LOOKUP_ELEM)
                    .jump(JumpOp.JNE, R0, 0, holds).bind(next);
        }
        b.goTo(otherwise).bind(holds);
    }
}
