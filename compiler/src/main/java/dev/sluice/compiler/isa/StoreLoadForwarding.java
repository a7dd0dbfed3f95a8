package dev.sluice.compiler.isa;

import dev.sluice.compiler.isa.CodeBuilder.Entry;
import dev.sluice.compiler.isa.CodeBuilder.Fixed;
import java.util.ArrayList;
import java.util.List;

/**
 * A stack slot read back right after it was written, before the jumps are resolved: codegen stores
 * a parsed field where it lives (a slot, when r6 holds another) and a rule then loads it, so on the
 * path straight from the parse into the rule, {@code *(u64 *)(r10 - 80) = r1; r1 = *(u64 *)(r10 - 80)}.
 * The load goes (or becomes a register move when it loads into another register). Not when a jump
 * lands on the load: that path did not come through the store.
 */
public final class StoreLoadForwarding {
    private StoreLoadForwarding() {}

    /** Rewrites {@code code} in place; true when a load went. Code with literal jump offsets is left as it is. */
    public static boolean apply(CodeBuilder code) {
        List<Entry> entries = code.entries();
        if (JumpThreading.hasLiteralJumps(entries)) return false;
        int n = entries.size();
        boolean[] target = new boolean[n + 1];
        for (Entry e : entries) {
            Label l = CodeBuilder.targetOf(e);
            if (l != null && code.at(l) >= 0 && code.at(l) <= n) target[code.at(l)] = true;
        }
        List<Entry> out = new ArrayList<>(n);
        int[] newIndex = new int[n + 1];
        boolean changed = false;
        for (int i = 0; i < n; i++) {
            newIndex[i] = out.size();
            Entry e = entries.get(i);
            Register from = i > 0 && !target[i] ? storedInto(entries.get(i - 1), e) : null;
            if (from == null) {
                out.add(e);
                continue;
            }
            Register to = ((Instruction.Load) ((Fixed) e).insn()).dst();
            if (to != from) out.add(new Fixed(Insns.mov64(to, from)));
            changed = true;
        }
        newIndex[n] = out.size();
        if (changed) code.replaceEntries(out, newIndex);
        return changed;
    }

    /** The register {@code store} wrote to the 8-byte stack slot {@code load} reads back whole, else null. */
    private static Register storedInto(Entry store, Entry load) {
        if (!(store instanceof Fixed s && s.insn() instanceof Instruction.Store st && load instanceof Fixed l
                && l.insn() instanceof Instruction.Load ld)) {
            return null;
        }
        boolean sameSlot = st.dst() == Register.R10 && ld.src() == Register.R10 && st.offset() == ld.offset()
                && st.size() == Size.DW && ld.size() == Size.DW && !ld.signExtend();
        return sameSlot && st.src() instanceof Operand.Reg r ? r.register() : null;
    }
}
