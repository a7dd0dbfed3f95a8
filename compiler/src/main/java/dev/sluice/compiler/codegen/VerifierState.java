package dev.sluice.compiler.codegen;

import dev.sluice.compiler.isa.Register;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What {@link VerifierModel} knows on one path: each register's kind ({@link Kind}, {@link Reg}), which
 * stack bytes are initialised, pointers and constants spilled to the stack, and the packet range each
 * bounds check proved ({@link State}); and {@link Reject}, a mistake found on it.
 */
final class VerifierState {
    /** The stack frame's size in bytes: the stack pointer r10 is its end. */
    static final int STACK = 512;

    private VerifierState() {}

    enum Kind { UNINIT, SCALAR, CTX, STACK, PKT, PKT_END, MAP, MAP_VALUE, MAP_VALUE_OR_NULL }

    /** A register's kind; {@code off} for pointers, {@code id} for packet pointers, {@code value} for constant scalars. */
    record Reg(Kind kind, long off, int id, Long value) {
        static final Reg UNINIT = new Reg(Kind.UNINIT, 0, 0, null);
        static final Reg UNKNOWN = new Reg(Kind.SCALAR, 0, 0, null);

        static Reg constant(long v) {
            return new Reg(Kind.SCALAR, 0, 0, v);
        }

        // Written out: a record's generated equals and hashCode are bootstrapped through method
        // handles on first use, which costs a cold `sluice compile` milliseconds; these run on every compile.
        @Override
        public boolean equals(Object o) {
            return o instanceof Reg r && kind == r.kind && off == r.off && id == r.id && Objects.equals(value, r.value);
        }

        @Override
        public int hashCode() {
            return ((kind.hashCode() * 31 + Long.hashCode(off)) * 31 + id) * 31 + Objects.hashCode(value);
        }
    }

    /** One path's knowledge at an instruction. */
    static final class State {
        final Reg[] regs = new Reg[11];
        final java.util.BitSet stackInit = new java.util.BitSet(STACK);
        final Map<Integer, Reg> spills = new TreeMap<>();
        final Map<Integer, Long> ranges = new TreeMap<>();

        State copy() {
            State s = new State();
            System.arraycopy(regs, 0, s.regs, 0, regs.length);
            s.stackInit.or(stackInit);
            s.spills.putAll(spills);
            s.ranges.putAll(ranges);
            return s;
        }

        /**
         * Equal for pruning. Constants stay: branches on them (the parser's presence word) are decided, not guessed.
         * Flattened into one array: hashing lists of records and tree maps was most of a cold compile's model time.
         */
        Object key() {
            long[] init = stackInit.toLongArray();
            long[] a = new long[regs.length * 4 + 3 + init.length + spills.size() * 5 + ranges.size() * 2];
            int n = 0;
            for (Reg r : regs) n = put(a, n, r);
            a[n++] = init.length;
            for (long w : init) a[n++] = w;
            a[n++] = spills.size();
            for (Map.Entry<Integer, Reg> e : spills.entrySet()) {
                a[n++] = e.getKey();
                n = put(a, n, e.getValue());
            }
            a[n++] = ranges.size();
            for (Map.Entry<Integer, Long> e : ranges.entrySet()) {
                a[n++] = e.getKey();
                a[n++] = e.getValue();
            }
            return new Key(a, Arrays.hashCode(a));
        }

        private static int put(long[] a, int n, Reg r) {
            a[n] = r.kind().ordinal() | (r.value() == null ? 0 : 16);
            a[n + 1] = r.off();
            a[n + 2] = r.id();
            a[n + 3] = r.value() == null ? 0 : r.value();
            return n + 4;
        }

        /**
         * Forgets registers no later code reads, and what was proven about packet pointers made at a variable
         * offset that nothing holds any more: such an id is made again only where it was first, with nothing
         * proven (the packet start, id 0, is read from the context again, so it stays).
         */
        void forgetDead(RegisterLiveness liveness, int index) {
            liveness.forgetDead(index, regs, Reg.UNINIT);
            if (!ranges.isEmpty()) ranges.keySet().removeIf(id -> id != 0 && !holds(id));
        }

        /** Whether a register or a spill holds a packet pointer of {@code id}. */
        private boolean holds(int id) {
            for (Reg r : regs) if (r.kind() == Kind.PKT && r.id() == id) return true;
            for (Reg r : spills.values()) if (r.kind() == Kind.PKT && r.id() == id) return true;
            return false;
        }
    }

    /** A state's pruning key: its flattened contents and their hash. */
    private record Key(long[] words, int hash) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && hash == k.hash && Arrays.equals(words, k.words);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** A mistake found at the instruction being stepped: the model turns it into a {@link VerifierModel.Rejection}. */
    static final class Reject extends RuntimeException {
        Reject(String message) {
            super(message, null, false, false);
        }
    }

    /** {@code r}'s value on this path; reading one that was never set is a mistake. */
    static Reg read(State s, Register r) {
        Reg v = s.regs[r.ordinal()];
        if (v.kind() == Kind.UNINIT) throw new Reject(r.name().toLowerCase() + " is read before it is set");
        return v;
    }
}
