package dev.sluice.compiler.isa;

/**
 * The passes over jumps, in the order that lets each find what the others leave: tail duplication
 * first ({@link ExitJumps}: {@code if c goto +1; goto L} is still a goto there, before
 * {@link JumpThreading} inverts it), then threading, then jumps the path decides
 * ({@link KnownConstantJumps}), whose gotos the next round duplicates and threads in turn.
 */
public final class JumpPasses {
    private JumpPasses() {}

    /** A round that changes nothing ends it; the bound keeps the compile linear in the program's size whatever the passes find. */
    private static final int ROUNDS = 3;

    /** Rewrites {@code code}'s jumps in place. */
    public static void apply(CodeBuilder code) {
        for (int round = 0; round < ROUNDS; round++) {
            boolean changed = ExitJumps.apply(code);
            JumpThreading.apply(code);
            changed |= KnownConstantJumps.apply(code);
            if (!changed) break;
        }
        JumpThreading.apply(code);
    }
}
