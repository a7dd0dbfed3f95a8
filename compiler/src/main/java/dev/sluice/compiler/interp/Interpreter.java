package dev.sluice.compiler.interp;

import dev.sluice.compiler.isa.Code;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Runs eBPF code in the JVM with the kernel's semantics (ISA v1 to v4) and the verifier's memory
 * model: a 512-byte stack per frame, the context's fields, the packet between data and data_end,
 * map values and ring-buffer records; anything else stops the run with an
 * {@link InterpreterException} naming the pc. The code is decoded once into flat arrays; a run
 * allocates only its memory regions.
 *
 * <p>In code that is not loaded yet, a 64-bit load with source MAP_FD carries an index into the
 * {@code maps} list given here (the compiler's convention), not a file descriptor.
 */
public final class Interpreter {
    private final Code code;
    private final List<InterpMap> maps;
    final int slots;
    final int[] opcode;
    final int[] dst;
    final int[] src;
    final int[] offset;
    final int[] imm;
    final long[] wideImm;
    final int[] instructionAt;

    public Interpreter(Code code, List<InterpMap> maps) {
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
        java.util.Arrays.fill(instructionAt, -1);
        for (int i = 0; i < starts.length; i++) instructionAt[starts[i]] = i;
        for (int i = 0; i + 1 < slots; i++) {
            if (opcode[i] == 0x18 && instructionAt[i] >= 0) {
                wideImm[i] = (imm[i] & 0xffffffffL) | ((long) imm[i + 1] << 32);
            }
        }
    }

    public Interpreter(Code code) {
        this(code, List.of());
    }

    public static RunResult run(Code code, Context context) {
        return new Interpreter(code).run(context);
    }

    public RunResult run(Context context) {
        return run(context, Environment.DEFAULT);
    }

    public RunResult run(Context context, Environment environment) {
        return new Run(this, context, environment).execute();
    }

    public List<InterpMap> maps() {
        return maps;
    }

    String describe(int pc) {
        if (pc < 0 || pc >= slots) return "outside the program";
        int i = instructionAt[pc];
        return i < 0 ? "second slot of a 64-bit load" : dev.sluice.compiler.isa.Disassembler.format(code.get(i));
    }
}
