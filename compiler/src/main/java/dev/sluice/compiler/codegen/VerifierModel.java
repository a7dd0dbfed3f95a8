package dev.sluice.compiler.codegen;

import dev.sluice.compiler.hooks.ContextAccess;
import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.CallKind;
import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.isa.Disassembler;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Operand;
import dev.sluice.compiler.isa.Pseudo;
import dev.sluice.compiler.isa.Register;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the kernel verifier will know about generated code, tracked on every path before the code
 * leaves the compiler: register kinds (context, packet and packet end, stack, map value or null,
 * scalar, uninitialised), the packet range each bounds check proves, which stack bytes are
 * initialised, and spilled pointers. It finds the mistakes a code generator can make (a packet
 * read before its bounds check, a map value used before its null check, an uninitialised register
 * or stack read, a stack access out of the frame, an exit without a return value) and names the
 * instruction; {@link FilterCodegen} turns that into an internal error naming the rule.
 *
 * <p>It is deliberately less precise than the kernel where precision is not needed to catch those
 * mistakes: scalar values are tracked only as constants (helper sizes, pointer offsets, and the
 * parser's presence word, whose bits guard the reads of parsed fields), a branch between constants
 * is decided and any other branch on scalars is taken both ways, and a search that grows too large
 * stops with no verdict. Where paths join, what no later code reads is forgotten ({@link State#forgetDead}).
 */
public final class VerifierModel {
    /** A path search larger than this many instruction visits gives up (the kernel's own limit is 1M). */
    private static final int VISIT_LIMIT = 1_000_000;
    /**
     * Programs longer than this are not modelled: their path search would cost more than compiling
     * them (10,000 rules in one program are 200,000 slots), and the kernel says what it thinks at load.
     */
    public static final int SLOT_LIMIT = 20_000;
    private static final int STACK = 512;

    /** A mistake the kernel would reject: at slot {@code slot}, why. */
    public record Rejection(int slot, String reason) {}

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

        /** Equal for pruning. Constants stay: branches on them (the parser's presence word) are decided, not guessed. */
        Object key() {
            return Arrays.asList(Arrays.asList(regs.clone()), stackInit.clone(), new TreeMap<>(spills), new TreeMap<>(ranges));
        }

        /**
         * Forgets registers no later code reads, and what was proven about packet pointers made at a variable
         * offset that nothing holds any more: such an id is made again only where it was first, with nothing
         * proven (the packet start, id 0, is read from the context again, so it stays).
         */
        void forgetDead(RegisterLiveness liveness, int index) {
            liveness.forgetDead(index, regs, Reg.UNINIT);
            ranges.keySet().removeIf(id -> id != 0 && Arrays.stream(regs).noneMatch(r -> r.kind() == Kind.PKT && r.id() == id)
                    && spills.values().stream().noneMatch(r -> r.kind() == Kind.PKT && r.id() == id));
        }
    }

    private final Code code;
    private final int[] slots;
    private final Map<Integer, Integer> indexOfSlot = new HashMap<>();
    private final ContextAccess access;
    /** Where paths join: states are compared only there, as the kernel prunes at jump targets. */
    private final java.util.BitSet joins = new java.util.BitSet();
    private final RegisterLiveness liveness;

    private VerifierModel(Code code, ContextAccess access) {
        this.code = code;
        this.slots = code.slotIndices();
        for (int i = 0; i < slots.length; i++) indexOfSlot.put(slots[i], i);
        this.access = access;
        this.liveness = RegisterLiveness.of(code);
        for (int i = 0; i < code.size(); i++) {
            Instruction insn = code.get(i);
            int offset = insn instanceof Instruction.Jump j ? j.offset() : insn instanceof Instruction.Goto g ? g.offset() : Integer.MIN_VALUE;
            if (offset == Integer.MIN_VALUE) continue;
            Integer t = indexOfSlot.get(slots[i] + insn.slots() + offset);
            if (t != null) joins.set(t);
        }
    }

    /** The first mistake found on any path, or empty when the model sees none (or gave up). */
    public static Optional<Rejection> check(Code code, ContextAccess access) {
        if (code.slotCount() > SLOT_LIMIT) return Optional.empty();
        return new VerifierModel(code, access).run();
    }

    private Optional<Rejection> run() {
        State start = new State();
        Arrays.fill(start.regs, Reg.UNINIT);
        start.regs[1] = new Reg(Kind.CTX, 0, 0, null);
        start.regs[10] = new Reg(Kind.STACK, 0, 0, null);
        Deque<Map.Entry<Integer, State>> work = new ArrayDeque<>();
        Map<Integer, Set<Object>> seen = new HashMap<>();
        work.push(Map.entry(0, start));
        int visits = 0;
        while (!work.isEmpty()) {
            Map.Entry<Integer, State> item = work.pop();
            int index = item.getKey();
            State s = item.getValue();
            if (index >= code.size()) return Optional.of(new Rejection(slots[code.size() - 1], "the program falls off its end"));
            if (joins.get(index)) s.forgetDead(liveness, index);
            if (joins.get(index) && !seen.computeIfAbsent(index, k -> new HashSet<>()).add(s.key())) continue;
            if (++visits > VISIT_LIMIT) return Optional.empty();
            try {
                step(index, s, work);
            } catch (Reject r) {
                return Optional.of(new Rejection(slots[index], r.getMessage() + " (" + Disassembler.format(code.get(index)) + ")"));
            }
        }
        return Optional.empty();
    }

    private static final class Reject extends RuntimeException {
        Reject(String message) {
            super(message, null, false, false);
        }
    }

    private static Reg read(State s, Register r) {
        Reg v = s.regs[r.ordinal()];
        if (v.kind() == Kind.UNINIT) throw new Reject(r.name().toLowerCase() + " is read before it is set");
        return v;
    }

    private int target(int index, int offset) {
        Integer t = indexOfSlot.get(slots[index] + code.get(index).slots() + offset);
        if (t == null) throw new Reject("a jump lands inside an instruction or outside the program");
        return t;
    }

    private void step(int index, State s, Deque<Map.Entry<Integer, State>> work) {
        Instruction insn = code.get(index);
        int next = index + 1;
        if (insn instanceof Instruction.Exit) {
            if (read(s, Register.R0).kind() != Kind.SCALAR) throw new Reject("r0 holds a pointer at exit");
            return;
        }
        if (insn instanceof Instruction.Goto g) {
            work.push(Map.entry(target(index, g.offset()), s));
            return;
        }
        if (insn instanceof Instruction.Jump j) {
            jump(index, j, s, work);
            return;
        }
        if (insn instanceof Instruction.Alu a) {
            alu(index, a, s);
        } else if (insn instanceof Instruction.ByteSwap b) {
            if (read(s, b.dst()).kind() != Kind.SCALAR) throw new Reject("a byte swap of a pointer");
            s.regs[b.dst().ordinal()] = Reg.UNKNOWN;
        } else if (insn instanceof Instruction.LoadImm64 l) {
            s.regs[l.dst().ordinal()] = l.source() == Pseudo.MAP_FD ? new Reg(Kind.MAP, 0, (int) l.imm(), null)
                    : l.source() == Pseudo.NONE ? Reg.constant(l.imm()) : Reg.UNKNOWN;
        } else if (insn instanceof Instruction.Load l) {
            load(l, s);
        } else if (insn instanceof Instruction.Store st) {
            Reg value = st.src() instanceof Operand.Reg r ? read(s, r.register()) : Reg.constant(((Operand.Imm) st.src()).value());
            store(s, read(s, st.dst()), st.offset(), st.size().bytes(), value);
        } else if (insn instanceof Instruction.Atomic at) {
            Reg base = read(s, at.dst());
            if (read(s, at.src()).kind() != Kind.SCALAR) throw new Reject("an atomic operation with a pointer operand");
            access(s, base, at.offset(), at.size().bytes(), true);
            if (at.op().fetches()) s.regs[at.op() == dev.sluice.compiler.isa.AtomicOp.CMPXCHG ? 0 : at.src().ordinal()] = Reg.UNKNOWN;
        } else if (insn instanceof Instruction.Call c) {
            if (c.kind() != CallKind.HELPER) return; // bpf-to-bpf calls are not generated; nothing to model
            call(c.imm(), s);
        } else if (insn instanceof Instruction.LoadPacket) {
            for (int r = 1; r <= 5; r++) s.regs[r] = Reg.UNINIT;
            s.regs[0] = Reg.UNKNOWN;
        }
        work.push(Map.entry(next, s));
    }

    private void alu(int index, Instruction.Alu a, State s) {
        int d = a.dst().ordinal();
        if (a.dst() == Register.R10) throw new Reject("r10 is read-only");
        Reg src = a.src() instanceof Operand.Reg r ? read(s, r.register()) : Reg.constant(((Operand.Imm) a.src()).value());
        if (a.op() == AluOp.MOV) {
            if (!a.wide() && src.kind() != Kind.SCALAR) throw new Reject("a 32-bit move of a pointer");
            s.regs[d] = a.wide() ? src : narrow(src);
            return;
        }
        if (a.op().isSignExtendingMove()) {
            if (src.kind() != Kind.SCALAR) throw new Reject("a sign-extending move of a pointer");
            s.regs[d] = Reg.UNKNOWN;
            return;
        }
        Reg dst = read(s, a.dst());
        boolean pointer = dst.kind() != Kind.SCALAR;
        if (pointer) {
            if (!a.wide() || (a.op() != AluOp.ADD && a.op() != AluOp.SUB)) throw new Reject("arithmetic on a pointer other than 64-bit add or subtract");
            if (src.kind() != Kind.SCALAR) {
                // pkt_end - pkt (a length) is allowed to privileged programs, which these are.
                if (a.op() == AluOp.SUB && (dst.kind() == Kind.PKT || dst.kind() == Kind.PKT_END)
                        && (src.kind() == Kind.PKT || src.kind() == Kind.PKT_END)) {
                    s.regs[d] = Reg.UNKNOWN;
                    return;
                }
                throw new Reject("pointer arithmetic with a pointer operand");
            }
            if (dst.kind() == Kind.MAP_VALUE_OR_NULL) throw new Reject("arithmetic on a map value that may be null");
            if (src.value() != null) {
                long delta = a.op() == AluOp.ADD ? src.value() : -src.value();
                s.regs[d] = new Reg(dst.kind(), dst.off() + delta, dst.id(), null);
            } else if (dst.kind() == Kind.PKT) {
                // A variable offset: a new packet pointer with nothing proven yet, named by where it is made.
                int id = 1 + index;
                s.regs[d] = new Reg(Kind.PKT, 0, id, null);
                s.ranges.remove(id);
            } else if (dst.kind() == Kind.STACK) {
                throw new Reject("a variable offset on the stack pointer");
            } else {
                s.regs[d] = new Reg(dst.kind(), 0, dst.id(), null);
            }
            return;
        }
        if (src.kind() != Kind.SCALAR) {
            if (a.op() == AluOp.ADD && a.wide() && src.kind() == Kind.PKT) {
                // scalar += packet pointer: the kernel computes it as the pointer plus the scalar, into dst.
                s.regs[d] = dst.value() != null ? new Reg(Kind.PKT, src.off() + dst.value(), src.id(), null) : new Reg(Kind.PKT, 0, 1 + index, null);
                if (dst.value() == null) s.ranges.remove(1 + index);
                return;
            }
            throw new Reject("arithmetic with a pointer operand into a scalar");
        }
        s.regs[d] = fold(a, dst, src);
    }

    private static Reg narrow(Reg scalar) {
        return scalar.value() == null ? Reg.UNKNOWN : Reg.constant(scalar.value() & 0xffffffffL);
    }

    private static Reg fold(Instruction.Alu a, Reg dst, Reg src) {
        if (dst.value() == null || src.value() == null) return Reg.UNKNOWN;
        long x = dst.value(), y = src.value();
        Long v;
        switch (a.op()) {
            case ADD: v = x + y; break;
            case SUB: v = x - y; break;
            case MUL: v = x * y; break;
            case AND: v = x & y; break;
            case OR: v = x | y; break;
            case XOR: v = x ^ y; break;
            case LSH: v = x << (y & 63); break;
            case RSH: v = x >>> (y & 63); break;
            default: v = null;
        }
        if (v == null) return Reg.UNKNOWN;
        return a.wide() ? Reg.constant(v) : Reg.constant(v & 0xffffffffL);
    }

    private void load(Instruction.Load l, State s) {
        Reg base = read(s, l.src());
        int size = l.size().bytes();
        if (base.kind() == Kind.CTX) {
            long at = base.off() + l.offset();
            if (access.data() >= 0 && at == access.data()) {
                s.regs[l.dst().ordinal()] = new Reg(Kind.PKT, 0, 0, null);
            } else if (access.dataEnd() >= 0 && at == access.dataEnd()) {
                s.regs[l.dst().ordinal()] = new Reg(Kind.PKT_END, 0, 0, null);
            } else {
                s.regs[l.dst().ordinal()] = Reg.UNKNOWN;
            }
            return;
        }
        access(s, base, l.offset(), size, false);
        Reg spilled = base.kind() == Kind.STACK && size == 8 ? s.spills.get((int) (base.off() + l.offset())) : null;
        s.regs[l.dst().ordinal()] = spilled != null ? spilled : Reg.UNKNOWN;
    }

    private void store(State s, Reg base, int offset, int size, Reg value) {
        if (value.kind() != Kind.SCALAR && !(base.kind() == Kind.STACK && size == 8)) {
            throw new Reject("a pointer stored anywhere but a whole stack slot");
        }
        if (base.kind() == Kind.CTX) throw new Reject("a store into the context");
        access(s, base, offset, size, true);
        if (base.kind() == Kind.STACK) {
            int at = (int) (base.off() + offset);
            s.stackInit.set(STACK + at, STACK + at + size);
            s.spills.keySet().removeIf(k -> k < at + size && k + 8 > at);
            if (size == 8 && value.kind() != Kind.SCALAR) s.spills.put(at, value);
            else if (size == 8 && value.value() != null) s.spills.put(at, value);
        }
    }

    /** Checks a memory access of {@code size} bytes at {@code base + offset}. */
    private void access(State s, Reg base, long offset, int size, boolean write) {
        long at = base.off() + offset;
        switch (base.kind()) {
            case STACK:
                if (at < -STACK || at + size > 0) throw new Reject("stack access at " + at + " outside the 512-byte frame");
                if (!write) {
                    for (long b = at; b < at + size; b++) {
                        if (!s.stackInit.get((int) (STACK + b))) throw new Reject("stack byte " + b + " is read before it is written");
                    }
                }
                return;
            case PKT:
                long range = s.ranges.getOrDefault(base.id(), 0L);
                if (at < 0 || at + size > range) {
                    throw new Reject("packet access at +" + at + " of " + size + " bytes, but only " + range + " bytes are proven");
                }
                return;
            case MAP_VALUE:
                return;
            case MAP_VALUE_OR_NULL:
                throw new Reject("a map value is used before it is checked against null");
            default:
                throw new Reject("memory access through a " + base.kind().name().toLowerCase() + " register");
        }
    }

    private void call(int helper, State s) {
        Reg result = Reg.UNKNOWN;
        switch (helper) {
            case 1: // map_lookup_elem(map, key)
                if (read(s, Register.R1).kind() != Kind.MAP) throw new Reject("map_lookup_elem without a map in r1");
                stackPointer(s, Register.R2, "the key");
                result = new Reg(Kind.MAP_VALUE_OR_NULL, 0, s.regs[1].id(), null);
                break;
            case 2: // map_update_elem(map, key, value, flags)
                if (read(s, Register.R1).kind() != Kind.MAP) throw new Reject("map_update_elem without a map in r1");
                stackPointer(s, Register.R2, "the key");
                read(s, Register.R3);
                break;
            case 16: // get_current_comm(buf, size)
            case 114: // probe_read_user_str(dst, size, src)
            case 115: // probe_read_kernel_str(dst, size, src)
            case 112: // probe_read_user(dst, size, src)
            case 113: // probe_read_kernel(dst, size, src)
                written(s, Register.R1, Register.R2);
                break;
            case 26: // skb_load_bytes(skb, offset, to, len)
            case 68: // skb_load_bytes_relative(skb, offset, to, len, header)
                written(s, Register.R3, Register.R4);
                break;
            case 131: // ringbuf_reserve(map, size, flags)
                result = new Reg(Kind.MAP_VALUE_OR_NULL, 0, -131, null);
                break;
            default:
                break;
        }
        for (int r = 1; r <= 5; r++) s.regs[r] = Reg.UNINIT;
        s.regs[0] = result;
    }

    private static void stackPointer(State s, Register r, String what) {
        Reg v = read(s, r);
        if (v.kind() != Kind.STACK && v.kind() != Kind.MAP_VALUE) throw new Reject(what + " in " + r.name().toLowerCase() + " is not on the stack");
    }

    /** A helper writes {@code size} bytes at a stack buffer: they count as initialised after it. */
    private static void written(State s, Register buffer, Register size) {
        Reg at = read(s, buffer);
        Reg n = read(s, size);
        if (at.kind() != Kind.STACK) return;
        if (n.value() == null) throw new Reject("a helper writes a stack buffer of unknown size");
        long from = at.off(), to = at.off() + n.value();
        if (from < -STACK || to > 0) throw new Reject("a helper's stack buffer lies outside the frame");
        s.stackInit.set((int) (STACK + from), (int) (STACK + to));
        s.spills.keySet().removeIf(k -> k < to && k + 8 > from);
    }

    private void jump(int index, Instruction.Jump j, State s, Deque<Map.Entry<Integer, State>> work) {
        Reg left = read(s, j.dst());
        Reg right = j.src() instanceof Operand.Reg r ? read(s, r.register()) : Reg.constant(((Operand.Imm) j.src()).value());
        State taken = s.copy();
        State fall = s;
        // Bounds checks: `if pkt + k > end goto out` proves k bytes on the fall-through path (and so on).
        if (!j.jmp32() && left.kind() == Kind.PKT && right.kind() == Kind.PKT_END) {
            prove(j.op(), left, taken, fall, false);
        } else if (!j.jmp32() && left.kind() == Kind.PKT_END && right.kind() == Kind.PKT) {
            prove(j.op(), right, taken, fall, true);
        } else if (left.kind() == Kind.MAP_VALUE_OR_NULL && right.kind() == Kind.SCALAR && Long.valueOf(0).equals(right.value())) {
            Reg valid = new Reg(Kind.MAP_VALUE, 0, left.id(), null);
            State nonNull = j.op() == JumpOp.JEQ ? fall : j.op() == JumpOp.JNE ? taken : null;
            State isNull = j.op() == JumpOp.JEQ ? taken : j.op() == JumpOp.JNE ? fall : null;
            if (nonNull != null) replace(nonNull, left, valid);
            if (isNull != null) replace(isNull, left, Reg.constant(0));
        } else if (left.kind() != Kind.SCALAR || right.kind() != Kind.SCALAR) {
            throw new Reject("a comparison of pointers other than a packet bounds check or a null check");
        } else if (left.value() != null && right.value() != null) {
            boolean jumps = decide(j.op(), j.jmp32(), left.value(), right.value());
            work.push(Map.entry(jumps ? target(index, j.offset()) : index + 1, s));
            return;
        }
        work.push(Map.entry(target(index, j.offset()), taken));
        work.push(Map.entry(index + 1, fall));
    }

    private static boolean decide(JumpOp op, boolean jmp32, long a, long b) {
        if (jmp32) {
            a = (int) a;
            b = (int) b;
            if (op != JumpOp.JSGT && op != JumpOp.JSGE && op != JumpOp.JSLT && op != JumpOp.JSLE) {
                a &= 0xffffffffL;
                b &= 0xffffffffL;
            }
        }
        switch (op) {
            case JEQ: return a == b;
            case JNE: return a != b;
            case JSET: return (a & b) != 0;
            case JGT: return Long.compareUnsigned(a, b) > 0;
            case JGE: return Long.compareUnsigned(a, b) >= 0;
            case JLT: return Long.compareUnsigned(a, b) < 0;
            case JLE: return Long.compareUnsigned(a, b) <= 0;
            case JSGT: return a > b;
            case JSGE: return a >= b;
            case JSLT: return a < b;
            default: return a <= b;
        }
    }

    /** {@code ptr OP end} (or, swapped, {@code end OP ptr}): which side knows the pointer is within the packet. */
    private static void prove(JumpOp op, Reg ptr, State taken, State fall, boolean swapped) {
        JumpOp o = op;
        if (swapped) {
            switch (op) {
                case JGT: o = JumpOp.JLT; break;
                case JGE: o = JumpOp.JLE; break;
                case JLT: o = JumpOp.JGT; break;
                case JLE: o = JumpOp.JGE; break;
                default: break;
            }
        }
        switch (o) {
            case JGT: extend(fall, ptr, ptr.off()); break;      // not taken: ptr <= end
            case JGE: extend(fall, ptr, ptr.off() - 1); break;  // not taken: ptr < end
            case JLE: extend(taken, ptr, ptr.off()); break;
            case JLT: extend(taken, ptr, ptr.off() - 1); break;
            default: break;
        }
    }

    private static void extend(State s, Reg ptr, long range) {
        s.ranges.merge(ptr.id(), range, Math::max);
    }

    /** After a null check, every copy of the checked value (registers and spills) becomes what the branch proved. */
    private static void replace(State s, Reg from, Reg to) {
        for (int i = 0; i < s.regs.length; i++) if (s.regs[i].equals(from)) s.regs[i] = to;
        s.spills.replaceAll((k, v) -> v.equals(from) ? to : v);
    }
}
