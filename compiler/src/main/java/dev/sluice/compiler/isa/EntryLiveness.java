package dev.sluice.compiler.isa;

import dev.sluice.compiler.isa.CodeBuilder.CondJump;
import dev.sluice.compiler.isa.CodeBuilder.Entry;
import dev.sluice.compiler.isa.CodeBuilder.Fixed;
import java.util.List;

/**
 * Register liveness over code with labels, before the jumps are resolved, for the passes that drop
 * or rename by it ({@link DeadWrites}, {@link NetworkOrderCompares}, {@link RegisterColouring}).
 * A value's range ends only where it is certainly overwritten ({@link RegisterUse#kills}).
 */
final class EntryLiveness {
    private EntryLiveness() {}

    /** The registers {@code e} may read: an instruction's, or a labelled conditional jump's operands. */
    static int reads(Entry e) {
        if (e instanceof Fixed f) return RegisterUse.reads(f.insn());
        if (e instanceof CondJump j) return RegisterUse.bit(j.dst()) | (j.src() instanceof Operand.Reg r ? RegisterUse.bit(r.register()) : 0);
        return 0;
    }

    /** The registers {@code e} certainly writes. */
    static int kills(Entry e) {
        return e instanceof Fixed f ? RegisterUse.kills(f.insn()) : 0;
    }

    /** The registers live on entry to entry {@code i} (none past the end), given {@link #liveOut}. */
    static int liveIn(List<Entry> entries, int[] liveOut, int i) {
        if (i >= entries.size()) return 0;
        Entry e = entries.get(i);
        return reads(e) | (liveOut[i] & ~kills(e));
    }

    /** By entry: the registers some path from after it reads before writing them. */
    static int[] liveOut(CodeBuilder code, List<Entry> entries) {
        int n = entries.size();
        int[] in = new int[n + 1];
        int[] out = new int[n];
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = n - 1; i >= 0; i--) {
                Entry e = entries.get(i);
                int o = 0;
                Label target = CodeBuilder.targetOf(e);
                if (target != null && code.at(target) >= 0 && code.at(target) <= n) o |= in[code.at(target)];
                boolean stops = CodeBuilder.endsPath(e);
                if (!stops) o |= in[i + 1];
                int newIn = (reads(e) | (o & ~kills(e))) & ~RegisterUse.bit(Register.R10);
                if (o != out[i] || newIn != in[i]) {
                    out[i] = o;
                    in[i] = newIn;
                    changed = true;
                }
            }
        }
        return out;
    }
}
