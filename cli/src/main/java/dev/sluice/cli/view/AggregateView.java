package dev.sluice.cli.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/** Aggregates as bpftrace users know them: count tables sorted by value, log2 histograms with bars. */
public final class AggregateView {
    private static final int BAR = 52;
    private static final String[] SUFFIX = {"", "K", "M", "G", "T", "P", "E"};

    private AggregateView() {}

    /** {@code @name[key]: value} lines, smallest first (the biggest ends up next to the prompt). */
    public static String table(String name, Map<String, Long> values) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(values.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Long> e : entries) {
            out.append('@').append(name);
            if (!e.getKey().isEmpty()) out.append('[').append(e.getKey()).append(']');
            out.append(": ").append(e.getValue()).append('\n');
        }
        return out.toString();
    }

    /**
     * A histogram from bucket to count (bucket 0 holds 0, bucket k holds [2^(k-1), 2^k)), printed
     * from the lowest to the highest non-empty bucket, with empty buckets in between.
     */
    public static String histogram(String name, SortedMap<Integer, Long> buckets) {
        StringBuilder out = new StringBuilder("@").append(name).append(":\n");
        if (buckets.isEmpty()) return out.toString();
        long max = buckets.values().stream().mapToLong(Long::longValue).max().orElse(1);
        int first = buckets.firstKey();
        int last = buckets.lastKey();
        for (int bucket = first; bucket <= last; bucket++) {
            long count = buckets.getOrDefault(bucket, 0L);
            int width = max == 0 ? 0 : (int) Math.round((double) count * BAR / max);
            out.append(String.format("%-20s %8d |%s%s|%n", label(bucket), count, "@".repeat(width), " ".repeat(BAR - width)));
        }
        return out.toString();
    }

    /** {@code [0]}, {@code [1]}, {@code [2, 4)}, ..., {@code [1K, 2K)}. */
    static String label(int bucket) {
        if (bucket == 0) return "[0]";
        if (bucket == 1) return "[1]";
        return "[" + human(bucket - 1) + ", " + human(bucket) + ")";
    }

    /** 2^power with a binary suffix: 512, 1K, 2K, ..., 1M. */
    private static String human(int power) {
        int unit = Math.min(power / 10, SUFFIX.length - 1);
        return (1L << (power - 10 * unit)) + SUFFIX[unit];
    }
}
