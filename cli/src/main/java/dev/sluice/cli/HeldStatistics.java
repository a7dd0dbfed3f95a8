package dev.sluice.cli;

import dev.sluice.runtime.KernelException;
import dev.sluice.runtime.RunStatistics;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * The kernel's run statistics (BPF_ENABLE_STATS), on while metrics are served; a refusal only
 * leaves the run counts and times out of the metrics, with a warning.
 */
record HeldStatistics(Optional<RunStatistics> held) implements AutoCloseable {
    static HeldStatistics enable(PrintWriter err) {
        try {
            return new HeldStatistics(Optional.of(RunStatistics.enable()));
        } catch (KernelException e) {
            err.println("sluice: warning: no program run statistics: " + e.getMessage());
            return new HeldStatistics(Optional.empty());
        }
    }

    @Override
    public void close() {
        held.ifPresent(RunStatistics::close);
    }
}
