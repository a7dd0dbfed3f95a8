package dev.sluice.compiler.codegen;

import static dev.sluice.compiler.codegen.VerifierState.read;

import dev.sluice.compiler.codegen.VerifierState.Kind;
import dev.sluice.compiler.codegen.VerifierState.Reg;
import dev.sluice.compiler.codegen.VerifierState.Reject;
import dev.sluice.compiler.codegen.VerifierState.State;
import dev.sluice.compiler.hooks.ContextAccess;
import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.CallKind;
import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.isa.Disassembler;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.Operand;
import dev.sluice.compiler.isa.Pseudo;
import dev.sluice.compiler.isa.Register;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
 *
 * <p>This class walks the paths and steps ALU instructions; what a path knows is {@link VerifierState},
 * memory and helper rules are {@link VerifierMemory}, branch rules {@link VerifierBranches}.
 */
public final class VerifierModel {
    /** A path search larger than this many instruction visits gives up (the kernel's own limit is 1M). */
    private static final int VISIT_LIMIT = 1_000_000;
    /**
     * Programs longer than this are not modelled: their path search would cost more than compiling
     * them (10,000 rules in one program are 200,000 slots), and the kernel says what it thinks at load.
     */
    public static final int SLOT_LIMIT = 20_000;

    /** A mistake the kernel would reject: at slot {@code slot}, why. */
    public record Rejection(int slot, String reason) {}

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
            VerifierBranches.jump(index, target(index, j.offset()), j, s, work);
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
            VerifierMemory.load(l, s, access);
        } else if (insn instanceof Instruction.Store st) {
            Reg value = st.src() instanceof Operand.Reg r ? read(s, r.register()) : Reg.constant(((Operand.Imm) st.src()).value());
            VerifierMemory.store(s, read(s, st.dst()), st.offset(), st.size().bytes(), value);
        } else if (insn instanceof Instruction.Atomic at) {
            Reg base = read(s, at.dst());
            if (read(s, at.src()).kind() != Kind.SCALAR) throw new Reject("an atomic operation with a pointer operand");
            VerifierMemory.access(s, base, at.offset(), at.size().bytes(), true);
            if (at.op().fetches()) s.regs[at.op() == dev.sluice.compiler.isa.AtomicOp.CMPXCHG ? 0 : at.src().ordinal()] = Reg.UNKNOWN;
        } else if (insn instanceof Instruction.Call c) {
            if (c.kind() != CallKind.HELPER) return; // bpf-to-bpf calls are not generated; nothing to model
            VerifierMemory.call(c.imm(), s);
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
        java.util.OptionalLong v = a.op().fold(a.wide(), dst.value(), src.value());
        return v.isPresent() ? Reg.constant(v.getAsLong()) : Reg.UNKNOWN;
    }

}
