package dev.sluice.compiler.isa;

import dev.sluice.compiler.isa.CodeBuilder.CondJump;
import dev.sluice.compiler.isa.CodeBuilder.Entry;
import dev.sluice.compiler.isa.CodeBuilder.Fixed;
import dev.sluice.compiler.isa.CodeBuilder.GotoLabel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The verdict most jumps leave with, made the program's first exit, and those jumps pointed at it.
 * The kernel's x86-64 JIT emits its epilogue ({@code leave} and the return) at the first {@code exit}
 * in program order and turns every later one into a jump there (docs/COMPILER.md,
 * "FirstExit"): a test that fails into another copy of {@code r0 = 2; exit} costs the CPU its own taken
 * jump and that one, while into the first it costs the test's alone, as clang's single exit does.
 * So, when the exit that comes first is reached by falling through {@code if c goto T} and T is a
 * verdict more jumps go to, the two swap ({@code if !c goto L; T's verdict; exit; L: the other;
 * exit}); then every jump to a verdict block like the first goes to the first, and the copies no
 * path reaches any more go. What runs on each path is unchanged: a jump lands on the same two
 * instructions. Runs last, on the final jumps and registers.
 */
public final class FirstExit {
    private FirstExit() {}

    /** Rewrites {@code code} in place; true when it changed. Code with literal jumps or bpf-to-bpf calls is left as it is. */
    public static boolean apply(CodeBuilder code) {
        List<Entry> entries = code.entries();
        // A subprogram's exit returns to its caller: only the main program's first exit holds the epilogue.
        if (JumpThreading.hasLiteralJumpsOrFunctions(entries)) return false;
        int first = firstExit(entries);
        if (first < 1 || verdict(entries, first - 1) == null) return false;
        boolean changed = swap(code, entries, first);
        Instruction kept = verdict(entries, first - 1);
        Label head = null;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            Label target = e instanceof CondJump j ? j.target() : e instanceof GotoLabel g && !g.wide() ? g.target() : null;
            if (target == null) continue;
            int at = code.at(target);
            if (at == first - 1 || !kept.equals(verdict(entries, at))) continue;
            if (head == null) head = code.labelAt(first - 1);
            entries.set(i, e instanceof CondJump j ? new CondJump(j.jmp32(), j.op(), j.dst(), j.src(), head)
                    : new GotoLabel(head, false, ((GotoLabel) e).straight()));
            changed = true;
        }
        // A copy reached by falling into it becomes a goto to the first: the same one jump on x86-64
        // (the copy's exit is a jump to the epilogue), one slot fewer; and a test that jumped over the
        // copy becomes the negated test to the first (JumpThreading's inversion).
        // Not inside a loop: there the inversion would put the loop's way on, not its exit, on the
        // fall-through, and the kernel's verifier, which follows the fall-through first and keeps the
        // other side for later, would keep an exit for every test of every turn (over its 8,192).
        for (int i = first + 1; i < entries.size(); i++) {
            // A jump to the bare exit (its r0 set by the jumper) keeps it.
            if (!kept.equals(verdict(entries, i)) || JumpThreading.jumpTargets(entries, code)[i + 1] || inLoop(code, entries, i)) {
                continue;
            }
            if (head == null) head = code.labelAt(first - 1);
            entries.set(i, new GotoLabel(head, false));
            boolean[] drop = new boolean[entries.size()];
            drop[i + 1] = true;
            JumpThreading.remove(entries, code, drop);
            changed = true;
        }
        changed |= verdictBeforeTest(code, entries, first);
        // The copies nothing jumps to any more, and gotos left next to their target.
        if (changed) JumpThreading.apply(code);
        return changed;
    }

    /**
     * The other verdict set before the test that chooses it, as clang's single exit does ({@code r0 =
     * 1; if r1 == 5632 goto exit; r0 = 2; exit}): the test that falls into the first exit and jumps to
     * another verdict block jumps to the first exit's {@code exit} instead, one taken jump on that side
     * where the block's own exit (a jump to the epilogue) made two; the side that falls through runs
     * one move more. When the test reads r0, its value, written by the straight code before it (a
     * load, then ALU operations, a byte swap, other tests of it) and read by nothing after, takes a
     * register of r1-r5 that code does not name instead. True when it changed.
     */
    private static boolean verdictBeforeTest(CodeBuilder code, List<Entry> entries, int first) {
        if (first < 2) return false;
        Instruction kept = verdict(entries, first - 1);
        if (kept == null || !(entries.get(first - 2) instanceof CondJump j)) return false;
        Instruction other = verdict(entries, code.at(j.target()));
        if (other == null || other.equals(kept)) return false;
        int test = first - 2;
        int r0 = RegisterUse.bit(Register.R0);
        CondJump moved = j;
        if ((EntryLiveness.reads(j) & r0) != 0) {
            int[] liveOut = EntryLiveness.liveOut(code, entries);
            int from = valueStart(code, entries, liveOut, test);
            Register free = from < 0 ? null : freeAcross(entries, liveOut, from, test);
            if (free == null) return false;
            for (int k = from; k < test; k++) entries.set(k, renamed(entries.get(k), free));
            moved = (CondJump) renamed(j, free);
        }
        int n = entries.size();
        List<Entry> out = new ArrayList<>(n + 1);
        out.addAll(entries.subList(0, test));
        out.add(new Fixed(other));
        out.add(moved);
        out.addAll(entries.subList(test + 1, n));
        // What jumped to the test lands on the verdict set before it; what jumped to the first exit's
        // verdict or exit still lands there.
        int[] newIndex = new int[n + 1];
        for (int q = 0; q <= n; q++) newIndex[q] = q <= test ? q : q + 1;
        code.replaceEntries(out, newIndex);
        Label exit = code.labelAt(first + 1);
        entries.set(test + 1, new CondJump(moved.jmp32(), moved.op(), moved.dst(), moved.src(), exit));
        return true;
    }

    /**
     * Where the value the test at {@code test} reads in r0 was written: walking back over straight code
     * (no path joining it, loads, ALU operations and byte swaps, and tests whose targets do not read r0)
     * to the instruction that writes r0 without reading it. -1 when there is none such.
     */
    private static int valueStart(CodeBuilder code, List<Entry> entries, int[] liveOut, int test) {
        boolean[] targets = JumpThreading.jumpTargets(entries, code);
        int r0 = RegisterUse.bit(Register.R0);
        for (int k = test - 1; k >= 0; k--) {
            // A path arriving after k brings its own r0.
            if (targets[k + 1]) return -1;
            Entry e = entries.get(k);
            if (e instanceof CondJump c) {
                if ((EntryLiveness.liveIn(entries, liveOut, code.at(c.target())) & r0) != 0) return -1;
                continue;
            }
            if (!(e instanceof Fixed f) || !(f.insn() instanceof Instruction.Alu || f.insn() instanceof Instruction.ByteSwap
                    || f.insn() instanceof Instruction.Load)) {
                return -1;
            }
            if ((RegisterUse.writes(f.insn()) & r0) != 0 && (RegisterUse.reads(f.insn()) & r0) == 0) return k;
        }
        return -1;
    }

    /** A register of r1-r5 dead after {@code from} and named by nothing from there to {@code test}, or null. */
    private static Register freeAcross(List<Entry> entries, int[] liveOut, int from, int test) {
        int named = liveOut[from];
        for (int k = from; k <= test; k++) {
            Entry e = entries.get(k);
            named |= EntryLiveness.reads(e) | (e instanceof Fixed f ? RegisterUse.writes(f.insn()) : 0);
        }
        for (Register r : new Register[] {Register.R1, Register.R2, Register.R3, Register.R4, Register.R5}) {
            if ((named & RegisterUse.bit(r)) == 0) return r;
        }
        return null;
    }

    /** {@code e} with r0 named {@code to}: the instructions {@link #valueStart} walks over. */
    private static Entry renamed(Entry e, Register to) {
        if (e instanceof CondJump j) return new CondJump(j.jmp32(), j.op(), swap(j.dst(), to), swap(j.src(), to), j.target());
        Instruction insn = ((Fixed) e).insn();
        if (insn instanceof Instruction.Alu a) return new Fixed(new Instruction.Alu(a.wide(), a.op(), swap(a.dst(), to), swap(a.src(), to)));
        if (insn instanceof Instruction.ByteSwap b) return new Fixed(new Instruction.ByteSwap(b.order(), b.bits(), swap(b.dst(), to)));
        Instruction.Load l = (Instruction.Load) insn;
        return new Fixed(new Instruction.Load(l.size(), swap(l.dst(), to), swap(l.src(), to), l.offset(), l.signExtend()));
    }

    private static Register swap(Register r, Register to) {
        return r == Register.R0 ? to : r;
    }

    private static Operand swap(Operand o, Register to) {
        return o instanceof Operand.Reg r ? Operand.reg(swap(r.register(), to)) : o;
    }

    /**
     * When the first exit's verdict is reached by falling through {@code if c goto T} (c not JSET, the
     * verdict no jump's target) and more jumps go to verdict blocks like T's, T's verdict takes the first
     * exit's place and the other moves just after it, reached by {@code if !c}. True when it swapped.
     */
    private static boolean swap(CodeBuilder code, List<Entry> entries, int first) {
        if (first < 2 || !(entries.get(first - 2) instanceof CondJump j) || j.op() == JumpOp.JSET) return false;
        Instruction fallen = verdict(entries, first - 1);
        Instruction taken = verdict(entries, code.at(j.target()));
        if (taken == null || taken.equals(fallen) || JumpThreading.jumpTargets(entries, code)[first - 1]) return false;
        Map<Instruction, Integer> jumps = new HashMap<>();
        for (Entry e : entries) {
            Label target = CodeBuilder.targetOf(e);
            Instruction v = target == null ? null : verdict(entries, code.at(target));
            if (v != null) jumps.merge(v, 1, Integer::sum);
        }
        // The fall-through counts for the verdict that is first now.
        if (jumps.getOrDefault(taken, 0) <= jumps.getOrDefault(fallen, 0) + 1) return false;
        int n = entries.size();
        List<Entry> out = new ArrayList<>(n + 2);
        out.addAll(entries.subList(0, first - 1));
        out.add(new Fixed(taken));
        out.add(new Fixed(new Instruction.Exit()));
        out.addAll(entries.subList(first - 1, n));
        // Labels on the verdict that moved (a rule's source mark) move with it.
        int[] newIndex = new int[n + 1];
        for (int q = 0; q <= n; q++) newIndex[q] = q < first - 1 ? q : q + 2;
        code.replaceEntries(out, newIndex);
        Label moved = code.labelAt(first + 1);
        entries.set(first - 2, new CondJump(j.jmp32(), j.op().negate(), j.dst(), j.src(), moved));
        return true;
    }

    /**
     * Whether the copy at {@code i} follows a conditional jump that lies on a loop: a path from that
     * jump's target comes back to it. Only there would the inversion change which side the verifier follows first.
     */
    private static boolean inLoop(CodeBuilder code, List<Entry> entries, int i) {
        if (i < 1 || !(entries.get(i - 1) instanceof CondJump j)) return false;
        int n = entries.size();
        boolean[] seen = new boolean[n];
        int[] work = new int[2 * n + 1];
        int top = 0;
        work[top++] = code.at(j.target());
        while (top > 0) {
            int at = work[--top];
            if (at < 0 || at >= n || seen[at]) continue;
            if (at == i - 1) return true;
            seen[at] = true;
            Entry e = entries.get(at);
            Label target = e instanceof CondJump || e instanceof GotoLabel ? CodeBuilder.targetOf(e) : null;
            if (target != null) work[top++] = code.at(target);
            boolean stops = CodeBuilder.endsPath(e);
            if (!stops) work[top++] = at + 1;
        }
        return false;
    }

    /** The index of the first exit in program order, or -1. */
    private static int firstExit(List<Entry> entries) {
        for (int i = 0; i < entries.size(); i++) {
            if (CodeBuilder.isExit(entries.get(i))) return i;
        }
        return -1;
    }

    /** The {@code r0 = K} of a verdict block {@code r0 = K; exit} starting at {@code at}, else null. */
    private static Instruction verdict(List<Entry> entries, int at) {
        if (at < 0 || at + 1 >= entries.size()) return null;
        if (!(entries.get(at) instanceof Fixed f) || !CodeBuilder.isExit(entries.get(at + 1))) return null;
        return f.insn() instanceof Instruction.Alu a && a.op() == AluOp.MOV && a.dst() == Register.R0 && a.src() instanceof Operand.Imm
                ? f.insn() : null;
    }
}
