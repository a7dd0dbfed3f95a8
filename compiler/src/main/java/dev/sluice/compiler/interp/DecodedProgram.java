package dev.sluice.compiler.interp;

import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.isa.Disassembler;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * Code decoded once into flat arrays (one entry per 8-byte slot) with the maps its 64-bit loads
 * name by index: what a {@link Run} executes. Its own type, apart from {@link Interpreter}, so that
 * a run reads the decoded code without depending on the class that starts runs.
 */
final class DecodedProgram {
    private final Code code;
    final List<InterpMap> maps;
    final int slots;
    final int[] opcode;
    final int[] dst;
    final int[] src;
    final int[] offset;
    final int[] imm;
    final long[] wideImm;
    final int[] instructionAt;

    DecodedProgram(Code code, List<InterpMap> maps) {
        this.code = code;
        this.maps = List.copyOf(maps);
        byte[] bytes = code.encode();
        slots = bytes.length / 8;
        opcode = new int[slots];
        dst = new int[slots];
        src = new int[slots];
        offset = new int[slots];
        imm = new int[slots];
        wideImm = new long[slots];
        instructionAt = new int[slots];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < slots; i++) {
            opcode[i] = b.get(i * 8) & 0xff;
            dst[i] = b.get(i * 8 + 1) & 0x0f;
            src[i] = (b.get(i * 8 + 1) & 0xf0) >>> 4;
            offset[i] = b.getShort(i * 8 + 2);
            imm[i] = b.getInt(i * 8 + 4);
        }
        int[] starts = code.slotIndices();
        Arrays.fill(instructionAt, -1);
        for (int i = 0; i < starts.length; i++) instructionAt[starts[i]] = i;
        for (int i = 0; i + 1 < slots; i++) {
            if (opcode[i] == 0x18 && instructionAt[i] >= 0) {
                wideImm[i] = (imm[i] & 0xffffffffL) | ((long) imm[i + 1] << 32);
            }
        }
    }

    /** The instruction at slot {@code pc} in assembler text, for error messages. */
    String describe(int pc) {
        if (pc < 0 || pc >= slots) return "outside the program";
        int i = instructionAt[pc];
        return i < 0 ? "second slot of a 64-bit load" : Disassembler.format(code.get(i));
    }
}
