package dev.sluice.compiler.codegen;

import static dev.sluice.compiler.isa.Register.*;

import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.compiler.image.MapRole.SetDirectory.Level;
import dev.sluice.compiler.image.PrefixDirectory;
import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.Helper;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.isa.Pseudo;
import dev.sluice.compiler.isa.Register;
import dev.sluice.compiler.isa.Size;

/**
 * Membership of an IPv4 address in a prefix set kept as a {@link PrefixDirectory}: the /16's top
 * entry settles a miss, a /16 a short member covers and a /16 with one longer member; otherwise
 * its middle block's entry for the /24 settles it or names the bottom block whose bit for the
 * address does. Three array reads at most, which the kernel inlines; the hash is never probed.
 */
final class PrefixDirectoryCode {
    private PrefixDirectoryCode() {}

    /**
     * Falls through when the present IPv4 {@code field}'s value is in set {@code set}, jumps to
     * {@code otherwise} when not; {@code key} is a 4-aligned stack offset with 4 free bytes, the index
     * looked up.
     */
    static void emit(CodeBuilder b, FieldReads reads, PacketField field, MapLayout layout, int set, int key, Label otherwise) {
        Label holds = b.newLabel();
        Label middle = b.newLabel();
        reads.load(field, 0, R1);
        b.alu64(AluOp.RSH, R1, 16);
        lookup(b, R1, layout.directoryMap(set, Level.TOP), key, otherwise);
        // Most misses end here, at a zero entry.
        b.load(Size.DW, R3, R0, 0).jump(JumpOp.JEQ, R3, 0, otherwise);
        // An and and a jump, not JSET: llvm-objdump 14, which the disassembly is checked against, cannot print JSET K.
        wholeOr(b, holds).mov64(R4, R3).alu64(AluOp.RSH, R4, 32).jump(JumpOp.JEQ, R4, 0, middle);
        // The one longer member under this /16: the address's low 16 bits under its mask.
        reads.load(field, 0, R1);
        b.mov64(R2, R4).alu64(AluOp.RSH, R2, 16).alu64(AluOp.AND, R1, R2).alu64(AluOp.AND, R4, 0xffff)
                .jump(JumpOp.JNE, R1, R4, otherwise).goTo(holds)
                .bind(middle).alu64(AluOp.AND, R3, PrefixDirectory.INDEX).alu64(AluOp.LSH, R3, 7);
        // Two entries to an element: the third byte's high 7 bits pick the element, its low bit the half.
        reads.load(field, 0, R1);
        b.alu64(AluOp.RSH, R1, 9).alu64(AluOp.AND, R1, 0x7f).alu64(AluOp.OR, R3, R1);
        lookup(b, R3, layout.directoryMap(set, Level.MIDDLE), key, otherwise);
        b.load(Size.DW, R3, R0, 0);
        reads.load(field, 0, R1);
        b.alu64(AluOp.RSH, R1, 3).alu64(AluOp.AND, R1, 32).alu64(AluOp.RSH, R3, R1);
        // The other entry may stay in the high half: the tests below and the index mask read only the low one.
        wholeOr(b, holds).mov64(R4, R3).alu64(AluOp.AND, R4, PrefixDirectory.BLOCKED).jump(JumpOp.JEQ, R4, 0, otherwise)
                .alu64(AluOp.AND, R3, PrefixDirectory.INDEX).alu64(AluOp.LSH, R3, 2);
        reads.load(field, 0, R1);
        b.alu64(AluOp.AND, R1, 0xff).alu64(AluOp.RSH, R1, 6).alu64(AluOp.OR, R3, R1);
        lookup(b, R3, layout.directoryMap(set, Level.BOTTOM), key, otherwise);
        b.load(Size.DW, R3, R0, 0);
        reads.load(field, 0, R1);
        b.alu64(AluOp.AND, R1, 63).alu64(AluOp.RSH, R3, R1).alu64(AluOp.AND, R3, 1).jump(JumpOp.JEQ, R3, 0, otherwise)
                .bind(holds);
    }

    /** Jumps to {@code holds} when the entry in r3 has {@link PrefixDirectory#WHOLE}. */
    private static CodeBuilder wholeOr(CodeBuilder b, Label holds) {
        return b.mov64(R4, R3).alu64(AluOp.AND, R4, PrefixDirectory.WHOLE).jump(JumpOp.JNE, R4, 0, holds);
    }

    /** Looks {@code index} up in array {@code map} through the stack at {@code key}; a null value (out of range) jumps to {@code otherwise}. */
    private static void lookup(CodeBuilder b, Register index, int map, int key, Label otherwise) {
        b.store(Size.W, R10, key, index).mov64(R2, R10).alu64(AluOp.ADD, R2, key)
                .add(new Instruction.LoadImm64(R1, Pseudo.MAP_FD, map)).call(Helper.MAP_LOOKUP_ELEM)
                .jump(JumpOp.JEQ, R0, 0, otherwise);
    }
}
