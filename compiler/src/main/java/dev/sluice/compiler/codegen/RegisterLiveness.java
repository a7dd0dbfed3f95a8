package dev.sluice.compiler.codegen;

import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.Register;
import dev.sluice.compiler.isa.RegisterUse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which registers each instruction's code may still read before writing them (backward liveness
 * over the emitted code). {@link VerifierModel} forgets the others where paths join, as the kernel
 * verifier does when it prunes (it compares only registers read later), so that two paths that differ
 * only in a register no one reads again merge instead of being walked twice: a program reading both
 * the outer and the inner packet otherwise carries every outer header's scratch values into the inner
 * parse and multiplies its paths. What each instruction reads and certainly writes is
 * {@link RegisterUse}'s, which the jump passes' liveness uses too.
 */
public final class RegisterLiveness {
    /** r10, the frame pointer, is read-only and always holds the stack: never forgotten. */
    private static final int FRAME = mask(Register.R10);

    private final int[] liveIn;

    private RegisterLiveness(int[] liveIn) {
        this.liveIn = liveIn;
    }

    /** Whether some path from instruction {@code index} (its index in the code, not its slot) reads {@code r} before writing it. */
    public boolean liveAt(int index, Register r) {
        return (liveIn[index] & mask(r)) != 0;
    }

    /** Sets each register no path from {@code index} reads before writing to {@code dead}. */
    <T> void forgetDead(int index, T[] registers, T dead) {
        for (int r = 0; r < registers.length; r++) if ((liveIn[index] & 1 << r) == 0) registers[r] = dead;
    }

    /** The liveness of every instruction of {@code code}. */
    public static RegisterLiveness of(Code code) {
        int n = code.size();
        int[] slots = code.slotIndices();
        Map<Integer, Integer> indexOfSlot = new HashMap<>();
        for (int i = 0; i < n; i++) indexOfSlot.put(slots[i], i);
        List<List<Integer>> predecessors = new ArrayList<>();
        for (int i = 0; i < n; i++) predecessors.add(new ArrayList<>());
        int[][] successors = new int[n][];
        for (int i = 0; i < n; i++) {
            successors[i] = successors(code, i, slots, indexOfSlot);
            for (int s : successors[i]) predecessors.get(s).add(i);
        }
        int[] liveIn = new int[n];
        Deque<Integer> work = new ArrayDeque<>();
        boolean[] queued = new boolean[n];
        for (int i = n - 1; i >= 0; i--) {
            work.add(i);
            queued[i] = true;
        }
        while (!work.isEmpty()) {
            int i = work.poll();
            queued[i] = false;
            int out = 0;
            for (int s : successors[i]) out |= liveIn[s];
            Instruction insn = code.get(i);
            int in = RegisterUse.reads(insn) | (out & ~RegisterUse.kills(insn)) | FRAME;
            if (in == liveIn[i]) continue;
            liveIn[i] = in;
            for (int p : predecessors.get(i)) {
                if (!queued[p]) {
                    queued[p] = true;
                    work.add(p);
                }
            }
        }
        return new RegisterLiveness(liveIn);
    }

    /** Where control goes after instruction {@code i}; a jump out of the program has no successor here (the model rejects it). */
    private static int[] successors(Code code, int i, int[] slots, Map<Integer, Integer> indexOfSlot) {
        Instruction insn = code.get(i);
        int after = slots[i] + insn.slots();
        if (insn instanceof Instruction.Exit) return new int[0];
        if (insn instanceof Instruction.Goto g) return target(indexOfSlot, after + g.offset());
        int[] next = i + 1 < code.size() ? new int[] {i + 1} : new int[0];
        if (!(insn instanceof Instruction.Jump j)) return next;
        int[] jumped = target(indexOfSlot, after + j.offset());
        int[] both = new int[next.length + jumped.length];
        System.arraycopy(next, 0, both, 0, next.length);
        System.arraycopy(jumped, 0, both, next.length, jumped.length);
        return both;
    }

    private static int[] target(Map<Integer, Integer> indexOfSlot, int slot) {
        Integer t = indexOfSlot.get(slot);
        return t == null ? new int[0] : new int[] {t};
    }

    private static int mask(Register... registers) {
        int m = 0;
        for (Register r : registers) m |= 1 << r.ordinal();
        return m;
    }
}
