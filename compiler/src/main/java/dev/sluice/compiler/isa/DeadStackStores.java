package dev.sluice.compiler.isa;

import dev.sluice.compiler.isa.CodeBuilder.Entry;
import dev.sluice.compiler.isa.CodeBuilder.Fixed;
import dev.sluice.compiler.isa.CodeBuilder.GotoLabel;
import dev.sluice.compiler.isa.Instruction.*;
import java.util.List;

/**
 * Stores to the stack that no path reads before they are overwritten or the program ends. The parse
 * marks a field kept in a slot absent (all ones) before it starts; once {@link KnownConstantJumps}
 * has sent every path that did not parse the field straight to its verdict, only paths that stored
 * the field read the slot, and the first store costs a write on every frame. A backward walk over
 * the stack's bytes (repeated until the loops settle) finds such stores. Only where the stack is
 * reached through r10 alone, by fixed offsets: code that copies r10 into a register (a map key's
 * or a helper's buffer), calls anything or uses atomics is left as it is.
 */
public final class DeadStackStores {
    private DeadStackStores() {}

    private static final int FRAME = 512;
    private static final int WORDS = FRAME / 64;

    /** Rewrites {@code code} in place; true when a store went. */
    public static boolean apply(CodeBuilder code) {
        List<Entry> entries = code.entries();
        if (JumpThreading.hasLiteralJumps(entries)) return false;
        for (Entry e : entries) {
            if (!(e instanceof Fixed) && !(e instanceof CodeBuilder.CondJump) && !(e instanceof GotoLabel)) return false;
            if (e instanceof Fixed f && (f.insn() instanceof Call || f.insn() instanceof Atomic || namesFramePointer(f.insn()))) return false;
            if (e instanceof CodeBuilder.CondJump j && (j.dst() == Register.R10 || j.src() instanceof Operand.Reg r && r.register() == Register.R10)) {
                return false;
            }
        }
        int n = entries.size();
        // The bytes each entry loads and stores, once: the walk below repeats until the loops settle.
        long[] loads = new long[n * WORDS];
        long[] stores = new long[n * WORDS];
        for (int i = 0; i < n; i++) {
            for (int w = 0; w < WORDS; w++) {
                if (entries.get(i) instanceof Fixed f && f.insn() instanceof Store s && s.dst() == Register.R10) stores[i * WORDS + w] = bytes(s.offset(), s.size().bytes(), w);
                if (entries.get(i) instanceof Fixed f && f.insn() instanceof Load l && l.src() == Register.R10) loads[i * WORDS + w] = bytes(l.offset(), l.size().bytes(), w);
            }
        }
        long[] in = new long[(n + 1) * WORDS];
        long[] out = new long[n * WORDS];
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = n - 1; i >= 0; i--) {
                Entry e = entries.get(i);
                long[] o = new long[WORDS];
                Label target = CodeBuilder.targetOf(e);
                if (target != null && code.at(target) >= 0 && code.at(target) < n) or(o, in, code.at(target));
                boolean stops = CodeBuilder.endsPath(e);
                if (!stops && i + 1 < n) or(o, in, i + 1);
                for (int w = 0; w < WORDS; w++) {
                    long newIn = o[w] & ~stores[i * WORDS + w] | loads[i * WORDS + w];
                    if (o[w] != out[i * WORDS + w] || newIn != in[i * WORDS + w]) changed = true;
                    out[i * WORDS + w] = o[w];
                    in[i * WORDS + w] = newIn;
                }
            }
        }
        boolean[] drop = new boolean[n];
        boolean any = false;
        for (int i = 0; i < n; i++) {
            if (!(entries.get(i) instanceof Fixed f) || !(f.insn() instanceof Store s) || s.dst() != Register.R10) continue;
            long read = 0;
            for (int w = 0; w < WORDS; w++) read |= out[i * WORDS + w] & stores[i * WORDS + w];
            drop[i] = read == 0;
            any |= drop[i];
        }
        if (any) JumpThreading.remove(entries, code, drop);
        return any;
    }

    /** Whether {@code insn} uses r10 as a value (a copy, arithmetic, a stored pointer), not as a load's or store's base. */
    private static boolean namesFramePointer(Instruction insn) {
        if (insn instanceof Alu a) return a.dst() == Register.R10 || a.src() instanceof Operand.Reg r && r.register() == Register.R10;
        if (insn instanceof Store s) return s.src() instanceof Operand.Reg r && r.register() == Register.R10;
        if (insn instanceof Jump j) return j.dst() == Register.R10 || j.src() instanceof Operand.Reg r && r.register() == Register.R10;
        return false;
    }

    private static void or(long[] into, long[] in, int entry) {
        for (int w = 0; w < WORDS; w++) into[w] |= in[entry * WORDS + w];
    }

    /** The bits, within word {@code w}, of the bytes {@code [offset, offset + size)} below r10. */
    private static long bytes(int offset, int size, int w) {
        long bits = 0;
        for (int b = offset; b < offset + size; b++) {
            int index = b + FRAME;
            if (index >= 0 && index < FRAME && index / 64 == w) bits |= 1L << (index % 64);
        }
        return bits;
    }
}
