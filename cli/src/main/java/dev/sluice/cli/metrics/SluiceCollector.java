package dev.sluice.cli.metrics;

import dev.sluice.cli.view.CounterView;
import dev.sluice.compiler.CounterValue;
import dev.sluice.compiler.image.AggregateKind;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The programs' counters, sums and histograms as Prometheus metric families, read afresh at every
 * scrape (docs/CLI.md, "Metrics"). A count is {@code sluice_counter_total{program,counter}}, a sum
 * {@code sluice_sum_total{program,sum}}, a histogram {@code sluice_hist{program,hist}} with buckets;
 * a {@code by} key adds {@code key} (or {@code key0}, {@code key1}, ... for a tuple).
 */
public final class SluiceCollector implements MultiCollector {
    private final Supplier<List<ProgramReadings>> source;

    /** Reads {@code source} at every scrape. */
    public SluiceCollector(Supplier<List<ProgramReadings>> source) {
        this.source = source;
    }

    @Override
    public MetricSnapshots collect() {
        CounterSnapshot.Builder counters = CounterSnapshot.builder().name("sluice_counter")
                .help("Packets or events counted by a count statement");
        CounterSnapshot.Builder sums = CounterSnapshot.builder().name("sluice_sum")
                .help("Values added up by a sum statement");
        HistogramSnapshot.Builder hists = HistogramSnapshot.builder().name("sluice_hist")
                .help("Values by power of two, from a hist statement (le: the power of two a bucket's values stay below)");
        CounterSnapshot.Builder runs = CounterSnapshot.builder().name("sluice_program_runs")
                .help("Runs of the program, counted by the kernel while run statistics are on");
        CounterSnapshot.Builder runSeconds = CounterSnapshot.builder().name("sluice_program_run_seconds")
                .help("Time spent in the program, measured by the kernel while run statistics are on");
        boolean anyCounter = false, anySum = false, anyHist = false, anyRuns = false;
        for (ProgramReadings p : source.get()) {
            Map<Labels, TreeMap<Integer, Long>> histograms = new LinkedHashMap<>();
            for (CounterValue v : p.values()) {
                AggregateKind kind = p.kinds().getOrDefault(v.name(), AggregateKind.COUNT);
                List<Object> key = v.key().orElse(List.of());
                switch (kind) {
                    case COUNT -> {
                        counters.dataPoint(point(v.value(), labels(p.program(), "counter", v.name(), key)));
                        anyCounter = true;
                    }
                    case SUM -> {
                        sums.dataPoint(point(v.value(), labels(p.program(), "sum", v.name(), key)));
                        anySum = true;
                    }
                    case HIST -> {
                        // The bucket is the key's last element; what comes before it is the by key.
                        Labels labels = labels(p.program(), "hist", v.name(), key.subList(0, key.size() - 1));
                        int bucket = (int) ((Number) key.get(key.size() - 1)).longValue();
                        histograms.computeIfAbsent(labels, l -> new TreeMap<>()).merge(bucket, v.value(), Long::sum);
                    }
                }
            }
            for (Map.Entry<Labels, TreeMap<Integer, Long>> h : histograms.entrySet()) {
                hists.dataPoint(histogram(h.getKey(), h.getValue()));
                anyHist = true;
            }
            if (p.runs().isPresent()) {
                Labels program = Labels.of("program", p.program());
                runs.dataPoint(point(p.runs().get().count(), program));
                runSeconds.dataPoint(CounterDataPointSnapshot.builder().value(p.runs().get().nanoseconds() / 1e9).labels(program).build());
                anyRuns = true;
            }
        }
        List<MetricSnapshot> families = new ArrayList<>();
        if (anyCounter) families.add(counters.build());
        if (anySum) families.add(sums.build());
        if (anyHist) families.add(hists.build());
        if (anyRuns) {
            families.add(runs.build());
            families.add(runSeconds.build());
        }
        return new MetricSnapshots(families);
    }

    private static CounterDataPointSnapshot point(long value, Labels labels) {
        // Counters are unsigned 64-bit in the kernel; a double holds them exactly up to 2^53.
        double v = value >= 0 ? value : (double) (value >>> 1) * 2.0;
        return CounterDataPointSnapshot.builder().value(v).labels(labels).build();
    }

    /**
     * Buckets up to the highest one that has values (bucket 0 holds 0, bucket b holds [2^(b-1), 2^b)),
     * each with the upper bound 2^b, then +Inf. Counts only grow, so the set of bounds only grows.
     */
    static HistogramDataPointSnapshot histogram(Labels labels, TreeMap<Integer, Long> buckets) {
        int last = buckets.isEmpty() ? 0 : buckets.lastKey();
        double[] bounds = new double[last + 2];
        long[] counts = new long[last + 2];
        for (int b = 0; b <= last; b++) {
            bounds[b] = Math.scalb(1.0, b);
            counts[b] = buckets.getOrDefault(b, 0L);
        }
        bounds[last + 1] = Double.POSITIVE_INFINITY;
        return HistogramDataPointSnapshot.builder()
                .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts))
                .labels(labels)
                .build();
    }

    /** {@code program}, the aggregate's name under {@code kindLabel}, and the key's values. */
    static Labels labels(String program, String kindLabel, String name, List<Object> key) {
        Labels.Builder b = Labels.builder().label("program", program).label(kindLabel, name);
        if (key.size() == 1) {
            b.label("key", CounterView.keyPart(key.get(0)));
        } else {
            for (int i = 0; i < key.size(); i++) b.label("key" + i, CounterView.keyPart(key.get(i)));
        }
        return b.build();
    }
}
