package dev.sluice.compiler.interp;

import java.util.Objects;

/**
 * What helpers answer that does not come from the program: the clock (starting at
 * {@code clockStartNs}, advancing one microsecond per call so runs are repeatable), the random
 * seed, the current task's ids and name, the CPU, and the instruction budget.
 */
public record Environment(long clockStartNs, long randomSeed, long pidTgid, long uidGid, String comm, int cpu,
                          long instructionBudget) {
    public static final long DEFAULT_BUDGET = 1_000_000;
    public static final Environment DEFAULT = new Environment(1_000_000_000L, 42, 0, 0, "", 0, DEFAULT_BUDGET);

    public Environment {
        Objects.requireNonNull(comm);
        if (instructionBudget <= 0) throw new IllegalArgumentException("budget " + instructionBudget);
    }

    public Environment withBudget(long budget) {
        return new Environment(clockStartNs, randomSeed, pidTgid, uidGid, comm, cpu, budget);
    }

    public Environment withTask(int pid, int tid, int uid, int gid, String comm) {
        return new Environment(clockStartNs, randomSeed, (long) pid << 32 | (tid & 0xffffffffL),
                (long) gid << 32 | (uid & 0xffffffffL), comm, cpu, instructionBudget);
    }
}
