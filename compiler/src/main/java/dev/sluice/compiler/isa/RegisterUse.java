package dev.sluice.compiler.isa;

/**
 * Which registers an instruction may change, as a bit mask by register number, for passes that
 * track what a register holds along a path ({@link KnownConstantJumps}). It errs on the side of
 * "changed": a register it reports unchanged is unchanged on every execution.
 */
public final class RegisterUse {
    private RegisterUse() {}

    /** r0 to r5: what a helper, a kfunc or a bpf-to-bpf call may leave changed (r6 to r9 are callee-saved). */
    public static final int CALLER_SAVED = 0x3f;

    /** The bit of {@code r} in the masks this class returns. */
    public static int bit(Register r) {
        return 1 << r.number();
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
}
