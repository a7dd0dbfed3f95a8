package dev.sluice.compiler.isa;

import dev.sluice.compiler.isa.CodeBuilder.Entry;
import dev.sluice.compiler.isa.CodeBuilder.Fixed;
import dev.sluice.compiler.isa.Instruction.Alu;
import dev.sluice.compiler.isa.Instruction.ByteSwap;
import dev.sluice.compiler.isa.Instruction.Call;
import java.util.Arrays;
import java.util.List;

/**
 * The webs of labelled code: each a set of writes and the reads they reach, joined where one read is
 * reached by several writes, and where an instruction reads and writes its destination (eBPF's ALU
 * is two-address, so both must stay one register). Each web can be given a register of its own
 * ({@link RegisterColouring}) where the code's registers are fixed per role for the whole program.
 * Found by one forward walk to a fixed point that carries, for each register live at an entry, the
 * web its value belongs to; with what must stay where it is (the context in r1 on entry, r0 at an
 * exit, a helper's arguments and result, r6-r9 for a value live across a call) and which webs are
 * live at once.
 */
final class Webs {
    /** r0-r9: r10, the frame pointer, is never written and never renamed. */
    static final int REGISTERS = 10;
    private static final int NONE = -1;

    private final int[] in;
    private final int[] written;
    /** By web: the register it must keep, or -1. */
    final int[] fixed;
    /** By web: the registers it may not take (r0-r5 for a value live across a call). */
    final int[] avoid;
    /** By web: the webs live where it is written, or written where it is live. */
    final int[][] neighbours;
    /** Pairs of webs joined by a 64-bit register move: the same register for both makes the move go. */
    final int[][] moves;

    private Webs(int[] in, int[] written, int[] fixed, int[] avoid, int[][] neighbours, int[][] moves) {
        this.in = in;
        this.written = written;
        this.fixed = fixed;
        this.avoid = avoid;
        this.neighbours = neighbours;
        this.moves = moves;
    }

    int count() {
        return fixed.length;
    }

    /** The web of {@code r}'s value as entry {@code i} starts (the one it reads), or -1 where it is dead. */
    int read(int i, Register r) {
        return in[i * REGISTERS + r.number()];
    }

    /** The web entry {@code i} writes {@code r} into, or -1 where it does not write it. */
    int write(int i, Register r) {
        return written[i * REGISTERS + r.number()];
    }

    /**
     * The webs of {@code entries} (code of jumps to labels, no bpf-to-bpf calls, legacy packet loads
     * or atomics: their implicit registers are not modelled), or null when a read is reached by no write.
     */
    static Webs of(CodeBuilder code, List<Entry> entries) {
        int n = entries.size();
        int[] liveOut = EntryLiveness.liveOut(code, entries);
        int[] liveIn = new int[n];
        for (int i = 0; i < n; i++) liveIn[i] = EntryLiveness.liveIn(entries, liveOut, i);
        UnionFind webs = new UnionFind();
        int[] in = new int[n * REGISTERS];
        int[] written = new int[n * REGISTERS];
        Arrays.fill(in, NONE);
        Arrays.fill(written, NONE);
        int[] writes = new int[n];
        for (int i = 0; i < n; i++) {
            writes[i] = entries.get(i) instanceof Fixed f ? RegisterUse.writes(f.insn()) & 0x3ff : 0;
            for (int r = 0; r < REGISTERS; r++) if ((writes[i] & (1 << r)) != 0) written[i * REGISTERS + r] = webs.add();
        }
        // A register read before any write on some path: the context in r1, or (on no path the verifier
        // takes) anything else; each keeps its own web from the start.
        int[] atEntry = new int[REGISTERS];
        Arrays.fill(atEntry, NONE);
        for (int r = 0; r < REGISTERS; r++) if (n > 0 && (liveIn[0] & (1 << r)) != 0) in[r] = atEntry[r] = webs.add();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < n; i++) {
                Entry e = entries.get(i);
                int twoAddress = twoAddressDestination(e);
                if (twoAddress >= 0 && in[i * REGISTERS + twoAddress] != NONE) {
                    changed |= webs.join(written[i * REGISTERS + twoAddress], in[i * REGISTERS + twoAddress]);
                }
                Label target = CodeBuilder.targetOf(e);
                int jumpTo = target == null ? -1 : code.at(target);
                boolean stops = CodeBuilder.endsPath(e);
                for (int s : new int[] {stops ? -1 : i + 1, jumpTo}) {
                    if (s < 0 || s >= n) continue;
                    for (int r = 0; r < REGISTERS; r++) {
                        if ((liveIn[s] & (1 << r)) == 0) continue;
                        int w = (writes[i] & (1 << r)) != 0 ? written[i * REGISTERS + r] : in[i * REGISTERS + r];
                        if (w == NONE) continue;
                        int at = s * REGISTERS + r;
                        if (in[at] == NONE) {
                            in[at] = w;
                            changed = true;
                        } else {
                            changed |= webs.join(in[at], w);
                        }
                    }
                }
            }
        }
        int[] index = webs.compact();
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < REGISTERS; r++) {
                int at = i * REGISTERS + r;
                // What the entry reads must be reached by a write; what is not live it does not carry.
                if ((EntryLiveness.reads(entries.get(i)) & (1 << r)) != 0 && in[at] == NONE) return null;
                in[at] = (liveIn[i] & (1 << r)) != 0 && in[at] != NONE ? index[webs.find(in[at])] : NONE;
                if (written[at] != NONE) written[at] = index[webs.find(written[at])];
            }
        }
        int count = webs.roots();
        int[] fixed = new int[count];
        Arrays.fill(fixed, NONE);
        int[] avoid = new int[count];
        Edges edges = new Edges();
        java.util.ArrayList<int[]> moves = new java.util.ArrayList<>();
        for (int r = 0; r < REGISTERS; r++) {
            if (atEntry[r] == NONE) continue;
            int w = index[webs.find(atEntry[r])];
            if (!fix(fixed, w, r)) return null;
            for (int o = 0; o < r; o++) if (atEntry[o] != NONE) edges.add(w, index[webs.find(atEntry[o])]);
        }
        for (int i = 0; i < n; i++) {
            Entry e = entries.get(i);
            int base = i * REGISTERS;
            if (CodeBuilder.isExit(e) && !fix(fixed, in[base], 0)) return null;
            if (e instanceof Fixed f && f.insn() instanceof Call) {
                int args = RegisterUse.reads(f.insn());
                for (int r = 1; r < 6; r++) if ((args & (1 << r)) != 0 && !fix(fixed, in[base + r], r)) return null;
                for (int r = 0; r < 6; r++) if (!fix(fixed, written[base + r], r)) return null;
                for (int r = 0; r < REGISTERS; r++) {
                    if ((liveOut[i] & (1 << r)) != 0 && (writes[i] & (1 << r)) == 0 && in[base + r] != NONE) avoid[in[base + r]] |= RegisterUse.CALLER_SAVED;
                }
            }
            int moveSource = wideMoveSource(e);
            if (moveSource >= 0 && in[base + moveSource] != NONE) {
                moves.add(new int[] {written[base + ((Alu) ((Fixed) e).insn()).dst().number()], in[base + moveSource]});
            }
            for (int d = 0; d < REGISTERS; d++) {
                if ((writes[i] & (1 << d)) == 0) continue;
                for (int l = 0; l < REGISTERS; l++) {
                    if (l == d || (liveOut[i] & (1 << l)) == 0 || l == moveSource) continue;
                    int other = (writes[i] & (1 << l)) != 0 ? written[base + l] : in[base + l];
                    if (other != NONE) edges.add(written[base + d], other);
                }
            }
        }
        return new Webs(in, written, fixed, avoid, edges.byWeb(count), moves.toArray(new int[0][]));
    }

    private static boolean fix(int[] fixed, int web, int register) {
        if (web == NONE) return true;
        if (fixed[web] != NONE && fixed[web] != register) return false;
        fixed[web] = register;
        return true;
    }

    /** The destination of an instruction that reads it too ({@code r1 += 4}, a byte swap), or -1. */
    private static int twoAddressDestination(Entry e) {
        if (!(e instanceof Fixed f)) return -1;
        if (f.insn() instanceof ByteSwap s) return s.dst().number();
        if (f.insn() instanceof Alu a && (RegisterUse.reads(a) & RegisterUse.bit(a.dst())) != 0) return a.dst().number();
        return -1;
    }

    /**
     * The source of {@code dst = src} on 64 bits, or -1: its destination need not avoid the source's
     * web where it is written (both hold one value; a later write to either meets the other there).
     */
    private static int wideMoveSource(Entry e) {
        if (e instanceof Fixed f && f.insn() instanceof Alu a && a.wide() && a.op() == AluOp.MOV
                && a.src() instanceof Operand.Reg r && r.register() != Register.R10) return r.register().number();
        return -1;
    }

    /** Union-find over web numbers, joined by rank-free path halving. */
    private static final class UnionFind {
        private int[] parent = new int[64];
        private int size;

        int add() {
            if (size == parent.length) parent = Arrays.copyOf(parent, size * 2);
            parent[size] = size;
            return size++;
        }

        int find(int x) {
            while (parent[x] != x) {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            return x;
        }

        /** True when {@code a} and {@code b} were apart. */
        boolean join(int a, int b) {
            int ra = find(a);
            int rb = find(b);
            if (ra == rb) return false;
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
            return true;
        }

        /** By web: its root's number among the roots, in order. */
        int[] compact() {
            int[] index = new int[size];
            int next = 0;
            for (int x = 0; x < size; x++) index[x] = find(x) == x ? next++ : -1;
            roots = next;
            return index;
        }

        private int roots;

        int roots() {
            return roots;
        }
    }

    /** Undirected edges between webs, kept once each. */
    private static final class Edges {
        private long[] pairs = new long[64];
        private int size;

        void add(int a, int b) {
            if (a == b) return;
            if (size == pairs.length) pairs = Arrays.copyOf(pairs, size * 2);
            pairs[size++] = (long) Math.min(a, b) << 32 | Math.max(a, b);
        }

        int[][] byWeb(int count) {
            long[] sorted = Arrays.copyOf(pairs, size);
            Arrays.sort(sorted);
            int[] degree = new int[count];
            long last = -1;
            for (long p : sorted) {
                if (p == last) continue;
                last = p;
                degree[(int) (p >>> 32)]++;
                degree[(int) p]++;
            }
            int[][] byWeb = new int[count][];
            for (int w = 0; w < count; w++) byWeb[w] = new int[degree[w]];
            int[] filled = new int[count];
            last = -1;
            for (long p : sorted) {
                if (p == last) continue;
                last = p;
                int a = (int) (p >>> 32);
                int b = (int) p;
                byWeb[a][filled[a]++] = b;
                byWeb[b][filled[b]++] = a;
            }
            return byWeb;
        }
    }
}
