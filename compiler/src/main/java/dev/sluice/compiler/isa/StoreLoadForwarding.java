package dev.sluice.compiler.isa;

import dev.sluice.compiler.isa.CodeBuilder.Entry;
import dev.sluice.compiler.isa.CodeBuilder.Fixed;
import java.util.ArrayList;
import java.util.List;

/**
 * A stack slot read back soon after it was written, before the jumps are resolved: codegen stores
 * a parsed field where it lives (a slot, when r6 holds another) and a rule then loads it, so on the
 * path straight from the parse into the rule, {@code *(u64 *)(r10 - 80) = r1; r1 = *(u64 *)(r10 - 80)}.
 * The load goes (or becomes a register move when it loads into another register). Where the stored
 * register is overwritten before the load ({@code r5 &= 2}: the rule tests one bit, then reloads
 * the field for the next), the value is copied right after the store into a register that is
 * neither live nor named up to the load, and the load becomes a move from it; {@link DeadStackStores}
 * then drops the store when nothing else reads the slot, and {@link RegisterColouring} the moves.
 * Only along straight code (conditional jumps may leave it) no jump lands in, up to
 * {@link #WINDOW} instructions, with no call, atomic or other store in between.
 */
public final class StoreLoadForwarding {
    private StoreLoadForwarding() {}

    private static final int WINDOW = 16;

    /** Rewrites {@code code} in place; true when a load went. Code with literal jump offsets is left as it is. */
    public static boolean apply(CodeBuilder code) {
        List<Entry> entries = code.entries();
        if (JumpThreading.hasLiteralJumps(entries)) return false;
        int n = entries.size();
        boolean[] target = JumpThreading.jumpTargets(entries, code);
        int[] liveOut = null;
        Entry[] replaced = new Entry[n];
        boolean[] dropped = new boolean[n];
        Entry[] after = new Entry[n];
        int lastEnd = -1;
        boolean changed = false;
        for (int i = 1; i < n; i++) {
            if (target[i] || !(entries.get(i) instanceof Fixed f && f.insn() instanceof Instruction.Load ld) || !wholeSlot(ld.src(), ld.size())
                    || ld.signExtend()) continue;
            int j = storeBefore(entries, target, i, ld.offset(), lastEnd);
            if (j < 0) continue;
            Register from = ((Operand.Reg) ((Instruction.Store) ((Fixed) entries.get(j)).insn()).src()).register();
            int between = 0;
            for (int k = j + 1; k < i; k++) between |= named(entries.get(k));
            Register to = ld.dst();
            if ((between & RegisterUse.bit(from)) == 0 || !written(entries, j, i, from)) {
                if (to == from) dropped[i] = true;
                else replaced[i] = new Fixed(Insns.mov64(to, from));
            } else {
                if (liveOut == null) liveOut = EntryLiveness.liveOut(code, entries);
                int busy = between;
                for (int k = j; k < i; k++) busy |= liveOut[k];
                Register free = null;
                for (Register r : preference(to)) if ((busy & RegisterUse.bit(r)) == 0) { free = r; break; }
                if (free == null) continue;
                after[j] = new Fixed(Insns.mov64(free, from));
                if (to == free) dropped[i] = true;
                else replaced[i] = new Fixed(Insns.mov64(to, free));
            }
            lastEnd = i;
            changed = true;
        }
        if (!changed) return false;
        List<Entry> out = new ArrayList<>(n + 4);
        int[] newIndex = new int[n + 1];
        for (int i = 0; i < n; i++) {
            newIndex[i] = out.size();
            if (!dropped[i]) out.add(replaced[i] != null ? replaced[i] : entries.get(i));
            if (after[i] != null) out.add(after[i]);
        }
        newIndex[n] = out.size();
        code.replaceEntries(out, newIndex);
        return true;
    }

    /** The register the load writes first, then the caller-saved ones, then the rest (r10 never). */
    private static List<Register> preference(Register to) {
        List<Register> order = new ArrayList<>(List.of(to));
        for (int r = 0; r < 10; r++) if (Register.of(r) != to) order.add(Register.of(r));
        return order;
    }

    private static boolean wholeSlot(Register base, Size size) {
        return base == Register.R10 && size == Size.DW;
    }

    /**
     * The index of the 8-byte store of a register to the slot at {@code offset} that every path into
     * {@code load} comes straight from, after {@code notBefore}; else -1.
     */
    private static int storeBefore(List<Entry> entries, boolean[] target, int load, int offset, int notBefore) {
        for (int k = load - 1; k > notBefore && k >= load - WINDOW; k--) {
            Entry e = entries.get(k);
            if (e instanceof Fixed f && f.insn() instanceof Instruction.Store st) {
                if (st.dst() == Register.R10 && wholeSlot(st.dst(), st.size()) && st.offset() == offset && st.src() instanceof Operand.Reg) return k;
                return -1; // another store (to this slot in part, or through a pointer that may reach it)
            }
            if (e instanceof CodeBuilder.GotoLabel || !(e instanceof Fixed) && !(e instanceof CodeBuilder.CondJump)) return -1;
            if (e instanceof Fixed f && (f.insn() instanceof Instruction.Call || f.insn() instanceof Instruction.Atomic
                    || f.insn() instanceof Instruction.Exit || f.insn() instanceof Instruction.LoadPacket)) return -1;
            if (target[k]) return -1;
        }
        return -1;
    }

    private static int named(Entry e) {
        return EntryLiveness.reads(e) | (e instanceof Fixed f ? RegisterUse.writes(f.insn()) : 0);
    }

    private static boolean written(List<Entry> entries, int from, int to, Register r) {
        for (int k = from + 1; k < to; k++) if (entries.get(k) instanceof Fixed f && (RegisterUse.writes(f.insn()) & RegisterUse.bit(r)) != 0) return true;
        return false;
    }
}
