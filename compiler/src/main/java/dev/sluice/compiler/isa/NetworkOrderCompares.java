package dev.sluice.compiler.isa;

import dev.sluice.compiler.isa.CodeBuilder.CondJump;
import dev.sluice.compiler.isa.CodeBuilder.Entry;
import dev.sluice.compiler.isa.CodeBuilder.Fixed;
import dev.sluice.compiler.isa.Instruction.ByteSwap;
import dev.sluice.compiler.isa.Instruction.Load;
import java.util.List;

/**
 * A field compared in network order: the constant swapped at compile time instead of the value on
 * every run. Codegen loads a 16- or 32-bit field and converts it to host order ({@code r = be16 r})
 * whatever reads it; when the only reads of that converted value are equality tests against
 * constants right after the swap ({@code if r == K}, {@code if r != K}, a port or a set without
 * ranges), the same tests against the byte-swapped constants decide the same on the loaded value,
 * and the swap goes (one instruction on the path; clang's C compares the port this way). Ranges and
 * order compares need host order and keep it.
 *
 * <p>Only the exact shape is taken: a zero-extending load of the swap's width into the register,
 * the swap, then one or more such tests of it, nothing jumping to the swap or between the tests,
 * and the register read by no path after them (liveness over the labelled code,
 * {@link EntryLiveness}). The load's zero extension is what makes the loaded value equal to
 * the swapped-back constant exactly when the swapped value equals the constant. The models are
 * little-endian (x86 and arm64 JITs, the interpreter), where {@code be} is a swap.
 */
public final class NetworkOrderCompares {
    private NetworkOrderCompares() {}

    /** Rewrites {@code code} in place; true when a swap went. */
    public static boolean apply(CodeBuilder code) {
        List<Entry> entries = code.entries();
        if (JumpThreading.hasLiteralJumpsOrFunctions(entries)) return false;
        int n = entries.size();
        int[] liveOut = EntryLiveness.liveOut(code, entries);
        boolean[] targets = JumpThreading.jumpTargets(entries, code);
        boolean[] drop = new boolean[n];
        boolean any = false;
        for (int i = 1; i < n; i++) {
            if (!(entries.get(i) instanceof Fixed f && f.insn() instanceof ByteSwap s) || s.order() != ByteSwap.ByteOrder.TO_BE) continue;
            if (s.bits() == 64 || targets[i] || !loadsZeroExtended(entries.get(i - 1), s)) continue;
            int end = i + 1; // one past the last test
            while (end < n && !targets[end] && swappable(entries.get(end), s)) end++;
            if (end == i + 1 || !deadAfter(code, entries, liveOut, s.dst(), i + 1, end)) continue;
            for (int j = i + 1; j < end; j++) {
                CondJump c = (CondJump) entries.get(j);
                int k = ((Operand.Imm) c.src()).value();
                int swapped = s.bits() == 16 ? Integer.reverseBytes(k) >>> 16 : Integer.reverseBytes(k);
                entries.set(j, new CondJump(c.jmp32(), c.op(), c.dst(), Operand.imm(swapped), c.target()));
            }
            drop[i] = true;
            any = true;
        }
        if (any) JumpThreading.remove(entries, code, drop);
        return any;
    }

    /** The entry before the swap loads its register with the swap's width, zero-extended. */
    private static boolean loadsZeroExtended(Entry before, ByteSwap s) {
        if (!(before instanceof Fixed f && f.insn() instanceof Load l) || l.signExtend() || l.dst() != s.dst()) return false;
        return l.size() == (s.bits() == 16 ? Size.H : Size.W);
    }

    /**
     * An equality test of the swapped register against a constant the swap's width holds (a wider
     * one is never equal either way, but its swap would not be); for a 64-bit test of 32 bits, both
     * the constant and its swap non-negative, as the immediate is sign-extended.
     */
    private static boolean swappable(Entry e, ByteSwap s) {
        if (!(e instanceof CondJump c) || c.dst() != s.dst() || !(c.src() instanceof Operand.Imm imm)) return false;
        if (c.op() != JumpOp.JEQ && c.op() != JumpOp.JNE) return false;
        int k = imm.value();
        if (s.bits() == 16) return k >= 0 && k <= 0xffff;
        return c.jmp32() || (k >= 0 && Integer.reverseBytes(k) >= 0);
    }

    /** No path reads {@code r} after the tests {@code [from, end)}: not where any of them jumps, nor past the last. */
    private static boolean deadAfter(CodeBuilder code, List<Entry> entries, int[] liveOut, Register r, int from, int end) {
        int bit = RegisterUse.bit(r);
        if ((EntryLiveness.liveIn(entries, liveOut, end) & bit) != 0) return false;
        for (int j = from; j < end; j++) {
            if ((EntryLiveness.liveIn(entries, liveOut, code.at(CodeBuilder.targetOf(entries.get(j)))) & bit) != 0) return false;
        }
        return true;
    }
}
