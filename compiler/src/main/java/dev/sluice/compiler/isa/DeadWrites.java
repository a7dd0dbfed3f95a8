package dev.sluice.compiler.isa;

import dev.sluice.compiler.isa.CodeBuilder.Entry;
import dev.sluice.compiler.isa.CodeBuilder.Fixed;
import java.util.List;

/**
 * Instructions whose result no path reads, before the jumps are resolved. The parse sets r6 to all
 * ones ("absent") before it starts; once {@link KnownConstantJumps} has sent every path that did
 * not parse the field straight to its verdict, no rule reads that all ones, and the set costs an
 * instruction on every frame. A backward liveness walk over the labelled code (repeated until the
 * loops settle) finds such writes; an ALU operation, a byte swap, a load or a plain 64-bit constant whose
 * register is dead after it goes. Stores, atomics, calls and legacy packet loads (which can end the
 * program) always stay. Code with bpf-to-bpf functions is left as it is.
 */
public final class DeadWrites {
    private DeadWrites() {}

    /** Rewrites {@code code} in place; true when an instruction went. */
    public static boolean apply(CodeBuilder code) {
        List<Entry> entries = code.entries();
        if (JumpThreading.hasLiteralJumpsOrFunctions(entries)) return false;
        boolean any = false;
        // Removing one write can make the write that fed it dead: a few rounds reach the chains codegen leaves.
        for (int round = 0; round < 4; round++) {
            int[] liveOut = EntryLiveness.liveOut(code, entries);
            boolean[] drop = new boolean[entries.size()];
            boolean changed = false;
            for (int i = 0; i < entries.size(); i++) {
                if (!(entries.get(i) instanceof Fixed f) || !pure(f.insn())) continue;
                int writes = RegisterUse.writes(f.insn());
                drop[i] = writes != 0 && (writes & liveOut[i]) == 0;
                changed |= drop[i];
            }
            if (!changed) break;
            JumpThreading.remove(entries, code, drop);
            any = true;
        }
        return any;
    }

    /** No effect but its register; a map's address stays (the object's relocations name the instructions that load one). */
    private static boolean pure(Instruction insn) {
        return insn instanceof Instruction.Alu || insn instanceof Instruction.ByteSwap || insn instanceof Instruction.Load
                || insn instanceof Instruction.LoadImm64 l && l.source() == Pseudo.NONE;
    }
}
