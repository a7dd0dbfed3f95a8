package dev.sluice.compiler.isa;

import dev.sluice.compiler.isa.CodeBuilder.CondJump;
import dev.sluice.compiler.isa.CodeBuilder.Entry;
import dev.sluice.compiler.isa.CodeBuilder.Fixed;
import java.util.List;

/**
 * Instructions moved down to where their value is needed, past conditional jumps whose other side
 * does not read it: the parse loads every field a rule reads as soon as its header is there
 * (f4 loads and swaps the TCP port, then tests the flags), so a frame that fails an earlier test
 * ran the load for nothing. A load, an ALU operation or a byte swap moves past the instructions
 * after it while they neither read nor write its register nor write what it reads, and past a
 * conditional jump when its register is dead where that jump goes (on that side it was never
 * read). It stops at any store, call, exit, goto or jump target, so that every path that ran it
 * still runs it in the same order relative to memory; what it reads is the same where it lands.
 * Runs on the final jumps, before {@link RegisterColouring}.
 */
public final class Sinking {
    private Sinking() {}

    /** Rewrites {@code code} in place; true when an instruction moved. Code with literal jumps or bpf-to-bpf calls is left as it is. */
    public static boolean apply(CodeBuilder code) {
        List<Entry> entries = code.entries();
        if (JumpThreading.hasLiteralJumps(entries)) return false;
        for (Entry e : entries) {
            if (!(e instanceof Fixed) && !(e instanceof CondJump) && !(e instanceof CodeBuilder.GotoLabel)) return false;
        }
        int n = entries.size();
        boolean[] target = JumpThreading.jumpTargets(entries, code);
        int[] liveOut = EntryLiveness.liveOut(code, entries);
        boolean moved = false;
        for (int i = n - 2; i >= 0; i--) {
            if (!(entries.get(i) instanceof Fixed f) || !movable(f.insn())) continue;
            int dst = RegisterUse.writes(f.insn());
            int sources = RegisterUse.reads(f.insn());
            int p = i;
            boolean pastJump = false;
            while (p + 1 < n && !target[p + 1]) {
                Entry next = entries.get(p + 1);
                int reads = EntryLiveness.reads(next);
                int writes = next instanceof Fixed g ? RegisterUse.writes(g.insn()) : 0;
                if ((reads & dst) != 0 || (writes & (dst | sources)) != 0) break;
                if (next instanceof CondJump j) {
                    int at = code.at(j.target());
                    if ((EntryLiveness.liveIn(entries, liveOut, at) & dst) != 0) break;
                    pastJump = true;
                } else if (!(next instanceof Fixed g && movable(g.insn()))) {
                    break;
                }
                p++;
            }
            // Only worth it past a jump: a move within straight code changes nothing any path runs.
            while (p > i && !(entries.get(p) instanceof CondJump)) p--;
            if (!pastJump || p == i) continue;
            List<Entry> after = new java.util.ArrayList<>(entries);
            after.add(p, after.remove(i));
            // A label on the sunk instruction stays where it was (arrivals there now run what it passed,
            // then it); a label on what it passed (none a jump's target) moves with that entry.
            int[] newIndex = new int[n + 1];
            for (int q = 0; q <= n; q++) newIndex[q] = q > i && q <= p ? q - 1 : q;
            code.replaceEntries(after, newIndex);
            moved = true;
            // Liveness changed between i and p only for the sunk register and its sources, on the fall-through side.
            liveOut = EntryLiveness.liveOut(code, entries);
        }
        return moved;
    }

    /**
     * Whether {@code insn} has no effect but its register (and no implicit operand): what may move, and
     * what a moving instruction may pass (it touches no memory a load could read and ends no path).
     */
    private static boolean movable(Instruction insn) {
        return insn instanceof Instruction.Alu || insn instanceof Instruction.ByteSwap || insn instanceof Instruction.Load;
    }

}
