package dev.sluice.compiler.isa;

import dev.sluice.compiler.isa.CodeBuilder.CondJump;
import dev.sluice.compiler.isa.CodeBuilder.Entry;
import dev.sluice.compiler.isa.CodeBuilder.Fixed;
import dev.sluice.compiler.isa.Instruction.*;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Registers chosen again, value by value. The x86 JIT saves and restores each of r6-r9 a program
 * uses (a push and a pop on every run), r0-r5 it need not. Codegen gives each role one register
 * for the whole program (r7 the data pointer, r8 the packet end, r9 the cursor, r2 the EtherType,
 * r5 the fragment test) and r6-r9 to what a helper call must not clobber; but most of those values
 * are live only part of the way. Here each web ({@link Webs}: the writes of one value and the reads
 * they reach) gets a register of its own: one live across a helper call one of r6-r9, the rest the
 * first of r0, r5, r4, r3, r2, r1 that no web live beside it holds, else an r6-r9 already taken,
 * else a new one. The webs are taken most constrained first (by how many registers their neighbours
 * already hold, DSatur), and a move's two webs get one register where they can, which drops the
 * move. The result is kept only when it names fewer of r6-r9 than the code did, or drops a move.
 * Programs with bpf-to-bpf calls, legacy packet loads (which read r6) or atomics are left alone.
 * Runs last, on code whose jumps are final.
 */
public final class RegisterColouring {
    private RegisterColouring() {}

    private static final int[] CALLER_SAVED_ORDER = {0, 5, 4, 3, 2, 1};
    private static final int[] CALLEE_SAVED_ORDER = {6, 7, 8, 9};
    private static final int ALL = (1 << Webs.REGISTERS) - 1;

    /** Rewrites {@code code} in place; true when it changed. */
    public static boolean apply(CodeBuilder code) {
        List<Entry> entries = code.entries();
        if (JumpThreading.hasLiteralJumps(entries)) return false;
        for (Entry e : entries) {
            if (!(e instanceof Fixed) && !(e instanceof CondJump) && !(e instanceof CodeBuilder.GotoLabel)) return false;
            if (e instanceof Fixed f && (f.insn() instanceof Call c && c.kind() != CallKind.HELPER
                    || f.insn() instanceof LoadPacket || f.insn() instanceof Atomic)) return false;
        }
        Webs webs = Webs.of(code, entries);
        if (webs == null) return false;
        int[] colour = colour(webs);
        if (colour == null) return false;
        List<Entry> renamed = new ArrayList<>(entries.size());
        int named = 0;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            named |= EntryLiveness.reads(e) | (e instanceof Fixed f ? RegisterUse.writes(f.insn()) : 0);
            renamed.add(renamed(e, i, webs, colour));
        }
        int namedAfter = 0;
        for (int c : colour) namedAfter |= 1 << c;
        int savedBefore = Integer.bitCount(named & ~RegisterUse.CALLER_SAVED & ALL);
        int savedAfter = Integer.bitCount(namedAfter & ~RegisterUse.CALLER_SAVED & ALL);
        int movesBefore = selfMoves(entries);
        int movesAfter = selfMoves(renamed);
        if (savedAfter > savedBefore || savedAfter == savedBefore && movesAfter <= movesBefore) return false;
        for (int i = 0; i < entries.size(); i++) entries.set(i, renamed.get(i));
        dropSelfMoves(code, entries);
        return true;
    }

    /** By web: its register, or null when the greedy order finds none for one of them. */
    private static int[] colour(Webs webs) {
        int n = webs.count();
        int[] colour = new int[n];
        int[] taken = new int[n];
        Arrays.fill(colour, -1);
        List<List<Integer>> partners = new ArrayList<>(n);
        for (int w = 0; w < n; w++) partners.add(new ArrayList<>(1));
        for (int[] m : webs.moves) {
            partners.get(m[0]).add(m[1]);
            partners.get(m[1]).add(m[0]);
        }
        for (int w = 0; w < n; w++) {
            if (webs.fixed[w] < 0) continue;
            colour[w] = webs.fixed[w];
            for (int other : webs.neighbours[w]) taken[other] |= 1 << colour[w];
        }
        for (int w = 0; w < n; w++) if (colour[w] >= 0 && (taken[w] & (1 << colour[w])) != 0) return null;
        // {saturation, degree, web}: the most constrained first, then the most connected, then the first.
        PriorityQueue<int[]> queue = new PriorityQueue<>((a, b) -> a[0] != b[0] ? b[0] - a[0] : a[1] != b[1] ? b[1] - a[1] : a[2] - b[2]);
        for (int w = 0; w < n; w++) if (colour[w] < 0) queue.add(new int[] {saturation(taken, webs, w), webs.neighbours[w].length, w});
        int savedInUse = 0;
        while (!queue.isEmpty()) {
            int[] top = queue.poll();
            int w = top[2];
            if (colour[w] >= 0 || top[0] != saturation(taken, webs, w)) continue;
            int free = ~(taken[w] | webs.avoid[w]) & ALL;
            int c = choose(free, savedInUse, partners.get(w), colour);
            if (c < 0) return null;
            colour[w] = c;
            if (c >= 6) savedInUse |= 1 << c;
            for (int other : webs.neighbours[w]) {
                if (colour[other] >= 0 || (taken[other] & (1 << c)) != 0) continue;
                taken[other] |= 1 << c;
                queue.add(new int[] {saturation(taken, webs, other), webs.neighbours[other].length, other});
            }
        }
        return colour;
    }

    private static int saturation(int[] taken, Webs webs, int w) {
        return Integer.bitCount((taken[w] | webs.avoid[w]) & ALL);
    }

    private static int choose(int free, int savedInUse, List<Integer> partners, int[] colour) {
        for (int p : partners) {
            int c = colour[p];
            if (c >= 0 && (free & (1 << c)) != 0 && (c < 6 || (savedInUse & (1 << c)) != 0)) return c;
        }
        for (int c : CALLER_SAVED_ORDER) if ((free & (1 << c)) != 0) return c;
        for (int c : CALLEE_SAVED_ORDER) if ((free & savedInUse & (1 << c)) != 0) return c;
        for (int c : CALLEE_SAVED_ORDER) if ((free & (1 << c)) != 0) return c;
        return -1;
    }

    private static Entry renamed(Entry e, int i, Webs webs, int[] colour) {
        if (e instanceof CondJump j) return new CondJump(j.jmp32(), j.op(), read(j.dst(), i, webs, colour), read(j.src(), i, webs, colour), j.target());
        if (!(e instanceof Fixed f)) return e;
        Instruction insn = f.insn();
        if (insn instanceof Alu a) return new Fixed(new Alu(a.wide(), a.op(), write(a.dst(), i, webs, colour), read(a.src(), i, webs, colour)));
        if (insn instanceof ByteSwap s) return new Fixed(new ByteSwap(s.order(), s.bits(), write(s.dst(), i, webs, colour)));
        if (insn instanceof Load l) return new Fixed(new Load(l.size(), write(l.dst(), i, webs, colour), read(l.src(), i, webs, colour), l.offset(), l.signExtend()));
        if (insn instanceof Store s) return new Fixed(new Store(s.size(), read(s.dst(), i, webs, colour), s.offset(), read(s.src(), i, webs, colour)));
        if (insn instanceof LoadImm64 l) return new Fixed(new LoadImm64(write(l.dst(), i, webs, colour), l.source(), l.imm()));
        return e;
    }

    private static Register read(Register r, int i, Webs webs, int[] colour) {
        return r == Register.R10 ? r : Register.of(colour[webs.read(i, r)]);
    }

    private static Operand read(Operand o, int i, Webs webs, int[] colour) {
        return o instanceof Operand.Reg r ? Operand.reg(read(r.register(), i, webs, colour)) : o;
    }

    private static Register write(Register r, int i, Webs webs, int[] colour) {
        return Register.of(colour[webs.write(i, r)]);
    }

    private static boolean isSelfMove(Entry e) {
        return e instanceof Fixed f && f.insn() instanceof Alu a && a.wide() && a.op() == AluOp.MOV
                && a.src() instanceof Operand.Reg r && r.register() == a.dst();
    }

    private static int selfMoves(List<Entry> entries) {
        int count = 0;
        for (Entry e : entries) if (isSelfMove(e)) count++;
        return count;
    }

    /** {@code r0 = r0} and the like, left where a move's two webs got one register. */
    private static void dropSelfMoves(CodeBuilder code, List<Entry> entries) {
        int n = entries.size();
        int[] newIndex = new int[n + 1];
        List<Entry> kept = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            newIndex[i] = kept.size();
            if (!isSelfMove(entries.get(i))) kept.add(entries.get(i));
        }
        newIndex[n] = kept.size();
        if (kept.size() < n) code.replaceEntries(kept, newIndex);
    }
}
