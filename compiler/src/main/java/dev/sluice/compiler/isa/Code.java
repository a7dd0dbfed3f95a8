package dev.sluice.compiler.isa;

import java.util.List;

/** A finished instruction sequence, with jump offsets resolved. */
public record Code(List<Instruction> instructions) {
    /** Copies the list, so the code cannot change afterwards. */
    public Code {
        instructions = List.copyOf(instructions);
    }

    /** The instructions encoded in {@code bytes}; DecodeException on an invalid encoding. */
    public static Code decode(byte[] bytes) {
        return new Code(Decoder.decode(bytes));
    }

    /** The kernel's encoding: 8 little-endian bytes per slot. */
    public byte[] encode() {
        return Encoder.encode(instructions);
    }

    /** The number of 8-byte slots, as the kernel counts instructions. */
    public int slotCount() {
        int n = 0;
        for (Instruction insn : instructions) n += insn.slots();
        return n;
    }

    /** {@code result[i]} is the slot index where instruction {@code i} starts. */
    public int[] slotIndices() {
        int[] at = new int[instructions.size()];
        int slot = 0;
        for (int i = 0; i < at.length; i++) {
            at[i] = slot;
            slot += instructions.get(i).slots();
        }
        return at;
    }

    /** The number of instructions; a 64-bit immediate load counts once (see {@link #slotCount()}). */
    public int size() {
        return instructions.size();
    }

    /** Instruction {@code index}, counted in instructions, not slots. */
    public Instruction get(int index) {
        return instructions.get(index);
    }
}
