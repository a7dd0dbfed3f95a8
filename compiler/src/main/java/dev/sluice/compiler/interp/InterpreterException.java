package dev.sluice.compiler.interp;

/** A run that stopped because the program did something the kernel would not allow or not survive. */
public final class InterpreterException extends RuntimeException {
    private final int pc;

    /** A failure at slot {@code pc} (-1 for none) in {@code instruction} (its text), for {@code reason}. */
    public InterpreterException(int pc, String instruction, String reason) {
        super("pc " + pc + " (" + instruction + "): " + reason);
        this.pc = pc;
    }

    /** The slot index of the instruction that failed, or -1 when the failure is not at an instruction. */
    public int pc() {
        return pc;
    }
}
