package dev.sluice.cli.metrics;

import dev.sluice.compiler.CounterValue;
import dev.sluice.compiler.image.AggregateKind;
import dev.sluice.compiler.image.ProgramImage;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One program's values at the moment of a scrape: its counters, sums and histograms as the
 * back end reads them, the kind of each keyed one, and the kernel's run statistics when it keeps them.
 */
public record ProgramReadings(String program, Map<String, AggregateKind> kinds, List<CounterValue> values,
        Optional<RunTotals> runs) {
    /** The readings of a program whose image is {@code image}: the kinds come from its aggregate maps. */
    public static ProgramReadings of(String program, ProgramImage image, List<CounterValue> values, Optional<RunTotals> runs) {
        return new ProgramReadings(program, image.maps().aggregateKinds(), values, runs);
    }

    /** Copies the collections. */
    public ProgramReadings {
        kinds = Map.copyOf(kinds);
        values = List.copyOf(values);
    }

    /** The kernel's count of runs of the program and their total time (BPF_ENABLE_STATS). */
    public record RunTotals(long count, long nanoseconds) {}
}
