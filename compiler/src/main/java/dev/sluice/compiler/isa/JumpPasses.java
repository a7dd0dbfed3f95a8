package dev.sluice.compiler.isa;

/**
 * The passes over jumps, in the order that lets each find what the others leave: threading first
 * ({@link JumpThreading}: {@code if c goto +1; goto L} becomes {@code if !c goto L}, the layout
 * codegen chose, unless it marked the goto straight), then tail duplication of the gotos left on the
 * common path ({@link ExitJumps}), then jumps the path decides ({@link KnownConstantJumps}), whose
 * gotos the next round threads and duplicates in turn. After the rounds, the passes that need the
 * jumps final: what no path reads any more goes ({@link DeadWrites}, {@link DeadStackStores}), loads move
 * down past the tests whose other side does not read them ({@link Sinking}), a byte swap only equality
 * tests read goes into their constants ({@link NetworkOrderCompares}), and callee-saved registers
 * are chosen again value by value, caller-saved where they can be ({@link RegisterColouring}), and
 * the first exit, where the JIT puts its return, is the verdict most jumps go to ({@link FirstExit}).
 */
public final class JumpPasses {
    private JumpPasses() {}

    /** A round that changes nothing ends it; the bound keeps the compile linear in the program's size whatever the passes find. */
    private static final int ROUNDS = 3;

    /**
     * Above this many instructions only threading runs: the other passes' rounds and walks cost a
     * 10,000-rule program (140,000 instructions) 100-300 ms more, against the 100 ms its whole compile
     * may take, for a few jumps on a path of thousands of compares. The verifier model stops at 20,000 slots too.
     */
    static final int LARGE = 20_000;

    /** Rewrites {@code code}'s jumps in place. */
    public static void apply(CodeBuilder code) {
        if (code.size() > LARGE) {
            JumpThreading.apply(code);
            return;
        }
        for (int round = 0; round < ROUNDS; round++) {
            JumpThreading.apply(code);
            boolean changed = ExitJumps.apply(code);
            // Not a jump pass, but the copies put a rule's load of a slot right after the parse's store to it.
            changed |= StoreLoadForwarding.apply(code);
            changed |= KnownConstantJumps.apply(code);
            if (!changed) break;
        }
        JumpThreading.apply(code);
        // What the decided jumps no longer read (the parse's all-ones "absent" in r6) goes, then any goto that left next to its target.
        boolean dropped = DeadWrites.apply(code);
        // Then the stack's: the parse's all-ones "absent" stored to a slot; what fed a store that went may go too.
        if (DeadStackStores.apply(code)) {
            DeadWrites.apply(code);
            dropped = true;
        }
        if (dropped) JumpThreading.apply(code);
        // A field's load moves past the tests whose other side does not read it, to where the rule needs it.
        Sinking.apply(code);
        // Needs the liveness of final jumps too: a swapped value no later path reads is compared in network order.
        NetworkOrderCompares.apply(code);
        // Not a jump pass either: the jumps are final here, so are the r0 = K; exit pairs it looks for.
        RegisterColouring.apply(code);
        // Last: the exit x86-64's JIT makes the return is given the verdict most jumps leave with.
        FirstExit.apply(code);
    }
}
