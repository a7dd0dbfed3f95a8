package dev.sluice.compiler.isa;

/**
 * Which registers an instruction may read and change, as bit masks by register number, for passes
 * that track what a register holds along a path ({@link KnownConstantJumps}) or whether it is read
 * again ({@link DeadWrites}). It errs on the side of "read" and "changed": a register it reports
 * unread is never read, one it reports unchanged is unchanged on every execution.
 */
public final class RegisterUse {
    private RegisterUse() {}

    /** r0 to r5: what a helper, a kfunc or a bpf-to-bpf call may leave changed (r6 to r9 are callee-saved). */
    public static final int CALLER_SAVED = 0x3f;

    /** The bit of {@code r} in the masks this class returns. */
    public static int bit(Register r) {
        return 1 << r.number();
    }

    /** The registers {@code insn} may read (r10, the frame pointer, left out: nothing writes it). */
    public static int reads(Instruction insn) {
        if (insn instanceof Instruction.Alu a) return (a.op() == AluOp.MOV || a.op().isSignExtendingMove() ? 0 : bit(a.dst())) | operand(a.src());
        if (insn instanceof Instruction.ByteSwap s) return bit(s.dst());
        if (insn instanceof Instruction.Jump j) return bit(j.dst()) | operand(j.src());
        if (insn instanceof Instruction.Load l) return bit(l.src()) & ~bit(Register.R10);
        if (insn instanceof Instruction.Store s) return (bit(s.dst()) | operand(s.src())) & ~bit(Register.R10);
        if (insn instanceof Instruction.Atomic a) return (bit(a.dst()) | bit(a.src()) | bit(Register.R0)) & ~bit(Register.R10);
        // The legacy packet loads read the skb from r6; a call its arguments: a known helper's from
        // r1 on, anything else r1-r5.
        if (insn instanceof Instruction.LoadPacket p) return bit(Register.R6) | (p.indirect() ? bit(p.src()) : 0);
        if (insn instanceof Instruction.Call c) {
            int arguments = c.kind() == CallKind.HELPER ? Helper.argumentsRead(c.imm()) : 5;
            return ((1 << (arguments + 1)) - 1) & ~bit(Register.R0);
        }
        if (insn instanceof Instruction.Exit) return bit(Register.R0);
        return 0;
    }

    private static int operand(Operand o) {
        return o instanceof Operand.Reg r && r.register() != Register.R10 ? bit(r.register()) : 0;
    }

    /** The registers {@code insn} may write. */
    public static int writes(Instruction insn) {
        if (insn instanceof Instruction.Alu a) return bit(a.dst());
        if (insn instanceof Instruction.ByteSwap s) return bit(s.dst());
        if (insn instanceof Instruction.Load l) return bit(l.dst());
        if (insn instanceof Instruction.LoadImm64 l) return bit(l.dst());
        // The kernel implements the legacy packet loads as a call: r1-r5 are scratch afterwards, as the verifier marks them.
        if (insn instanceof Instruction.LoadPacket || insn instanceof Instruction.Call) return CALLER_SAVED;
        // A fetching atomic writes its source register (compare-and-exchange writes r0); the plain ones write nothing.
        if (insn instanceof Instruction.Atomic a) return a.op().fetches() ? bit(a.src()) | bit(Register.R0) : 0;
        return 0;
    }

    /**
     * The registers {@code insn} writes on every execution (a call's r0-r5: written or left unreadable),
     * for liveness, which ends a value's range there: unlike {@link #writes}, never one it may leave as it
     * was. They differ for fetching atomics only: compare-and-exchange writes r0, the others their source.
     */
    public static int kills(Instruction insn) {
        if (insn instanceof Instruction.Atomic a) return a.op() == AtomicOp.CMPXCHG ? bit(Register.R0) : a.op().fetches() ? bit(a.src()) : 0;
        return writes(insn);
    }
}
