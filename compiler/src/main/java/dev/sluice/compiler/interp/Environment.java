package dev.sluice.compiler.interp;

import java.util.Objects;

/**
 * What helpers answer that does not come from the program: the clock (starting at
 * {@code clockStartNs}, advancing one microsecond per call so runs are repeatable), the random
 * seed, the current task's ids and name, the CPU, and the instruction budget.
 */
public record Environment(long clockStartNs, long randomSeed, long pidTgid, long uidGid, String comm, int cpu,
                          long instructionBudget) {
    /** Instructions a run may execute before it stops: a million, the number the verifier also caps its work at. */
    public static final long DEFAULT_BUDGET = 1_000_000;
    /** Clock at 1 s, seed 42, task ids 0 and an empty comm, CPU 0, the default budget. */
    public static final Environment DEFAULT = new Environment(1_000_000_000L, 42, 0, 0, "", 0, DEFAULT_BUDGET);

    /** Requires a comm; IllegalArgumentException for a budget that is not positive. */
    public Environment {
        Objects.requireNonNull(comm);
        if (instructionBudget <= 0) throw new IllegalArgumentException("budget " + instructionBudget);
    }

    /** The same environment with at most {@code budget} instructions a run. */
    public Environment withBudget(long budget) {
        return new Environment(clockStartNs, randomSeed, pidTgid, uidGid, comm, cpu, budget);
    }

    /** The same environment with the current task's ids (the kernel's tgid is {@code pid}) and name. */
    public Environment withTask(int pid, int tid, int uid, int gid, String comm) {
        return new Environment(clockStartNs, randomSeed, (long) pid << 32 | (tid & 0xffffffffL),
                (long) gid << 32 | (uid & 0xffffffffL), comm, cpu, instructionBudget);
    }
}
