package dev.sluice.compiler.isa;

import java.util.Arrays;

/**
 * What every path into an instruction knows, for {@link KnownConstantJumps}: the registers and the
 * 8-byte stack slots ({@code *(u64 *)(r10 + off)}) that hold a known constant. Codegen marks an
 * absent field by all ones in its register or stack slot before the parse; on a path that never
 * parsed the field, the rule's test of it is decided. Immutable; null stands for "no path reaches".
 */
final class PathFacts {
    /** Nothing known: the program's entry, a function's start. */
    static final PathFacts NONE = new PathFacts(0, 0, new long[11], new int[0], new long[0]);

    private final int known;
    /** Registers holding some value below 2^32 (a 1, 2 or 4-byte load, a 32-bit operation): never all ones in 64 bits. */
    private final int narrow;
    private final long[] registers;
    /** Offsets from r10 of the known slots, ascending, and their values. */
    private final int[] slots;
    private final long[] slotValues;

    private PathFacts(int known, int narrow, long[] registers, int[] slots, long[] slotValues) {
        this.known = known;
        this.narrow = narrow & ~known;
        this.registers = registers;
        this.slots = slots;
        this.slotValues = slotValues;
    }

    /** The value of {@code r}, or null when the paths do not agree on one. */
    Long value(Register r) {
        return (known & RegisterUse.bit(r)) != 0 ? registers[r.number()] : null;
    }

    /** Whether {@code r} holds a value below 2^32 on every path, known or not. */
    boolean narrow(Register r) {
        return (narrowOrSmall() & RegisterUse.bit(r)) != 0;
    }

    private int narrowOrSmall() {
        int m = narrow;
        for (int r = 0; r < 11; r++) {
            if ((known & (1 << r)) != 0 && registers[r] >>> 32 == 0) m |= 1 << r;
        }
        return m;
    }

    /** What both this and {@code other} know (this alone when other is null: no path from there). */
    PathFacts join(PathFacts other) {
        if (other == null || other == this) return this;
        int both = known & other.known;
        for (int r = 0; r < 11; r++) {
            if ((both & (1 << r)) != 0 && registers[r] != other.registers[r]) both &= ~(1 << r);
        }
        int[] s = new int[slots.length];
        long[] v = new long[slots.length];
        int n = 0;
        for (int i = 0; i < slots.length; i++) {
            int j = Arrays.binarySearch(other.slots, slots[i]);
            if (j >= 0 && other.slotValues[j] == slotValues[i]) {
                s[n] = slots[i];
                v[n++] = slotValues[i];
            }
        }
        int narrowBoth = narrowOrSmall() & other.narrowOrSmall();
        if (both == known && n == slots.length && (narrowBoth & ~both) == narrow) return this;
        return new PathFacts(both, narrowBoth, registers, Arrays.copyOf(s, n), Arrays.copyOf(v, n));
    }

    /** The facts after {@code insn} runs. */
    PathFacts after(Instruction insn) {
        if (insn instanceof Instruction.Alu a) {
            Long src = a.src() instanceof Operand.Imm imm ? Long.valueOf(imm.value()) : value(((Operand.Reg) a.src()).register());
            Long dst = a.op() == AluOp.MOV ? Long.valueOf(0) : value(a.dst());
            java.util.OptionalLong v = src == null || dst == null ? java.util.OptionalLong.empty() : a.op().fold(a.wide(), dst, src);
            if (v.isPresent()) return register(a.dst(), v.getAsLong());
            // A 32-bit result is zero-extended; a 64-bit AND with a non-negative mask or a right shift by 32 or more stays below 2^32.
            boolean small = !a.wide() || a.src() instanceof Operand.Imm imm
                    && (a.op() == AluOp.AND && imm.value() >= 0 || a.op() == AluOp.RSH && imm.value() >= 32);
            return forget(RegisterUse.bit(a.dst())).narrowed(a.dst(), small);
        }
        if (insn instanceof Instruction.LoadImm64 l && l.source() == Pseudo.NONE) return register(l.dst(), l.imm());
        if (insn instanceof Instruction.Load l && l.src() == Register.R10 && l.size() == Size.DW && !l.signExtend()) {
            int j = Arrays.binarySearch(slots, l.offset());
            return register(l.dst(), j >= 0 ? slotValues[j] : null);
        }
        if (insn instanceof Instruction.Load l) return forget(RegisterUse.bit(l.dst())).narrowed(l.dst(), l.size() != Size.DW && !l.signExtend());
        if (insn instanceof Instruction.ByteSwap b) return forget(RegisterUse.bit(b.dst())).narrowed(b.dst(), b.bits() < 64);
        if (insn instanceof Instruction.Store s && s.dst() == Register.R10) {
            Long v = s.size() != Size.DW ? null
                    : s.src() instanceof Operand.Imm imm ? Long.valueOf(imm.value()) : value(((Operand.Reg) s.src()).register());
            return slot(s.offset(), s.size().bytes(), v);
        }
        PathFacts out = forget(RegisterUse.writes(insn));
        // A store through another register, an atomic or a call may write the stack through a pointer into it.
        boolean mayWriteStack = insn instanceof Instruction.Store || insn instanceof Instruction.Atomic
                || insn instanceof Instruction.Call || insn instanceof Instruction.LoadPacket;
        return mayWriteStack && out.slots.length > 0 ? new PathFacts(out.known, out.narrow, out.registers, new int[0], new long[0]) : out;
    }

    /** The facts after a bpf-to-bpf call: r0-r5 and the stack (written through a pointer) unknown. */
    PathFacts afterCall() {
        PathFacts out = forget(RegisterUse.CALLER_SAVED);
        return new PathFacts(out.known, out.narrow, out.registers, new int[0], new long[0]);
    }

    PathFacts forget(int mask) {
        return (known & mask) == 0 && (narrow & mask) == 0 ? this : new PathFacts(known & ~mask, narrow & ~mask, registers, slots, slotValues);
    }

    private PathFacts narrowed(Register r, boolean small) {
        return small ? new PathFacts(known, narrow | RegisterUse.bit(r), registers, slots, slotValues) : this;
    }

    private PathFacts register(Register r, Long value) {
        int bit = RegisterUse.bit(r);
        if (value == null) return forget(bit);
        long[] v = registers.clone();
        v[r.number()] = value;
        return new PathFacts(known | bit, narrow, v, slots, slotValues);
    }

    /** A store of {@code bytes} at {@code offset}: the slots it overlaps forgotten, then the 8-byte one at offset known when value is. */
    private PathFacts slot(int offset, int bytes, Long value) {
        int[] s = new int[slots.length + 1];
        long[] v = new long[slots.length + 1];
        int n = 0;
        boolean placed = value == null;
        for (int i = 0; i < slots.length; i++) {
            if (!placed && slots[i] > offset) {
                s[n] = offset;
                v[n++] = value;
                placed = true;
            }
            if (slots[i] < offset + bytes && offset < slots[i] + 8) continue;
            s[n] = slots[i];
            v[n++] = slotValues[i];
        }
        if (!placed) {
            s[n] = offset;
            v[n++] = value;
        }
        return new PathFacts(known, narrow, registers, Arrays.copyOf(s, n), Arrays.copyOf(v, n));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PathFacts f) || f.known != known || f.narrow != narrow || !Arrays.equals(f.slots, slots) || !Arrays.equals(f.slotValues, slotValues)) {
            return false;
        }
        for (int r = 0; r < 11; r++) {
            if ((known & (1 << r)) != 0 && registers[r] != f.registers[r]) return false;
        }
        return true;
    }

    @Override
    public int hashCode() {
        return known * 31 + Arrays.hashCode(slots);
    }
}
