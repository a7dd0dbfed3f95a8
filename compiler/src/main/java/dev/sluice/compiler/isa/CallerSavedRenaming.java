package dev.sluice.compiler.isa;

import dev.sluice.compiler.isa.CodeBuilder.CondJump;
import dev.sluice.compiler.isa.CodeBuilder.Entry;
import dev.sluice.compiler.isa.CodeBuilder.Fixed;
import dev.sluice.compiler.isa.Instruction.*;
import java.util.List;

/**
 * Callee-saved registers replaced by caller-saved ones where their values never meet: the x86 JIT
 * saves and restores each of r6-r9 a program uses (a push and a pop on every run), r0-r5 it need
 * not. Codegen keeps the data pointer, the packet end, the cursor and one parsed value in r6-r9
 * because helper calls keep them there; a value no helper call separates from its reads has no such
 * need: a helper call writes r0-r5 ({@link RegisterUse#writes}), so a value live across one meets
 * all six and stays. Programs with bpf-to-bpf calls (each function its own frame and entry), legacy
 * packet loads (which read the context from r6) or atomics are left alone. Two registers can be one when neither is written where the
 * other is still to be read (liveness over the labelled code, {@link EntryLiveness}): then
 * every r6-r9 occurrence is renamed to the first of r0, r5, r4, r3, r2, r1 that way free. r0 is
 * free whenever only {@code r0 = K; exit} writes it, so the data pointer goes there; the VLAN tag
 * loop counts in r3, not r0, for this. Runs last, on code whose jumps are final.
 */
public final class CallerSavedRenaming {
    private CallerSavedRenaming() {}

    private static final Register[] SAVED = {Register.R7, Register.R6, Register.R8, Register.R9};
    private static final Register[] SCRATCH = {Register.R0, Register.R5, Register.R4, Register.R3, Register.R2, Register.R1};

    /** Rewrites {@code code} in place; true when a register was renamed. */
    public static boolean apply(CodeBuilder code) {
        List<Entry> entries = code.entries();
        if (JumpThreading.hasLiteralJumps(entries)) return false;
        for (Entry e : entries) {
            if (!(e instanceof Fixed) && !(e instanceof CondJump) && !(e instanceof CodeBuilder.GotoLabel)) return false;
            if (e instanceof Fixed f && (f.insn() instanceof Call c && c.kind() != CallKind.HELPER
                    || f.insn() instanceof LoadPacket || f.insn() instanceof Atomic)) return false;
        }
        boolean changed = false;
        for (Register saved : SAVED) {
            int[] meets = interference(code, entries);
            if (meets[saved.number()] == -1) continue; // not used
            for (Register scratch : SCRATCH) {
                if ((meets[saved.number()] & RegisterUse.bit(scratch)) != 0) continue;
                for (int i = 0; i < entries.size(); i++) entries.set(i, renamed(entries.get(i), saved, scratch));
                changed = true;
                break;
            }
        }
        if (changed) dropSelfMoves(code, entries);
        return changed;
    }

    /** {@code r0 = r0} and the like, which renaming leaves where a value moved into the register it was renamed to. */
    private static void dropSelfMoves(CodeBuilder code, List<Entry> entries) {
        int n = entries.size();
        int[] newIndex = new int[n + 1];
        List<Entry> kept = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            newIndex[i] = kept.size();
            Entry e = entries.get(i);
            boolean selfMove = e instanceof Fixed f && f.insn() instanceof Alu a && a.wide() && a.op() == AluOp.MOV
                    && a.src() instanceof Operand.Reg r && r.register() == a.dst();
            if (!selfMove) kept.add(e);
        }
        newIndex[n] = kept.size();
        if (kept.size() < n) code.replaceEntries(kept, newIndex);
    }

    /**
     * By register: the registers written where it is still to be read, or read later where it is
     * written (symmetric); -1 for a register no instruction names. r1 holds the context on entry.
     */
    private static int[] interference(CodeBuilder code, List<Entry> entries) {
        int[] liveOut = EntryLiveness.liveOut(code, entries);
        int[] meets = new int[11];
        java.util.Arrays.fill(meets, -1);
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            int named = named(e);
            for (int r = 0; r < 11; r++) {
                if ((named & (1 << r)) != 0 && meets[r] == -1) meets[r] = 0;
            }
            int writes = e instanceof Fixed f ? RegisterUse.writes(f.insn()) : 0;
            for (int d = 0; d < 11; d++) {
                if ((writes & (1 << d)) == 0) continue;
                int others = liveOut[i] & ~(1 << d);
                meets[d] = Math.max(meets[d], 0) | others;
                for (int l = 0; l < 11; l++) {
                    if ((others & (1 << l)) != 0) meets[l] = Math.max(meets[l], 0) | (1 << d);
                }
            }
        }
        // The context arrives in r1: whatever is live across the entry meets it.
        int atEntry = EntryLiveness.liveIn(entries, liveOut, 0) & ~RegisterUse.bit(Register.R1);
        meets[1] = Math.max(meets[1], 0) | atEntry;
        for (int l = 0; l < 11; l++) {
            if ((atEntry & (1 << l)) != 0) meets[l] = Math.max(meets[l], 0) | RegisterUse.bit(Register.R1);
        }
        return meets;
    }

    private static int named(Entry e) {
        return EntryLiveness.reads(e) | (e instanceof Fixed f ? RegisterUse.writes(f.insn()) : 0);
    }

    private static Entry renamed(Entry e, Register from, Register to) {
        if (e instanceof CondJump j) return new CondJump(j.jmp32(), j.op(), to(j.dst(), from, to), to(j.src(), from, to), j.target());
        if (!(e instanceof Fixed f)) return e;
        Instruction insn = f.insn();
        if (insn instanceof Alu a) return new Fixed(new Alu(a.wide(), a.op(), to(a.dst(), from, to), to(a.src(), from, to)));
        if (insn instanceof ByteSwap s) return new Fixed(new ByteSwap(s.order(), s.bits(), to(s.dst(), from, to)));
        if (insn instanceof Load l) return new Fixed(new Load(l.size(), to(l.dst(), from, to), to(l.src(), from, to), l.offset(), l.signExtend()));
        if (insn instanceof Store s) return new Fixed(new Store(s.size(), to(s.dst(), from, to), s.offset(), to(s.src(), from, to)));
        if (insn instanceof LoadImm64 l) return new Fixed(new LoadImm64(to(l.dst(), from, to), l.source(), l.imm()));
        return e;
    }

    private static Register to(Register r, Register from, Register to) {
        return r == from ? to : r;
    }

    private static Operand to(Operand o, Register from, Register to) {
        return o instanceof Operand.Reg r && r.register() == from ? Operand.reg(to) : o;
    }
}
