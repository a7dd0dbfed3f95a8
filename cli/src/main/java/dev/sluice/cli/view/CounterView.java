package dev.sluice.cli.view;

import dev.sluice.compiler.image.AggregateKind;
import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.CounterValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Counters as {@code sluice run} and {@code sluice test} show them: plain counters sorted by value, then each
 * keyed count or sum as a table sorted by value, then each histogram (one per key before the bucket)
 * with its bars.
 */
public final class CounterView {
    private CounterView() {}

    /** One program's counters as read, after a run or a test. */
    public record ProgramCounters(CompiledProgram program, List<CounterValue> values) {}

    /**
     * Every program's counters, the one way both {@code run} and {@code test} show them: with more
     * than one program, each program's under a {@code NAME:} line (programs without counters left out).
     */
    public static String render(List<ProgramCounters> programs) {
        StringBuilder out = new StringBuilder();
        for (ProgramCounters p : programs) {
            String text = render(p.values(), p.program().image().maps().aggregateKinds());
            if (programs.size() > 1 && !text.isEmpty()) out.append(p.program().name()).append(":\n");
            out.append(text);
        }
        return out.toString();
    }

    /** {@code kinds} names the kind of each keyed counter; names absent from it are plain counters. */
    public static String render(List<CounterValue> values, Map<String, AggregateKind> kinds) {
        List<CounterValue> plain = new ArrayList<>();
        Map<String, Map<String, Long>> tables = new LinkedHashMap<>();
        Map<String, SortedMap<Integer, Long>> histograms = new LinkedHashMap<>();
        for (CounterValue v : values) {
            AggregateKind kind = kinds.get(v.name());
            List<Object> key = v.key().orElse(List.of());
            if (kind == AggregateKind.HIST && !key.isEmpty()) {
                // The bucket is the key's last element; what comes before it says which histogram.
                String prefix = text(key.subList(0, key.size() - 1));
                String name = prefix.isEmpty() ? v.name() : v.name() + "[" + prefix + "]";
                int bucket = (int) ((Number) key.get(key.size() - 1)).longValue();
                histograms.computeIfAbsent(name, n -> new TreeMap<>()).merge(bucket, v.value(), Long::sum);
            } else if (v.key().isEmpty()) {
                plain.add(v);
            } else {
                tables.computeIfAbsent(v.name(), n -> new LinkedHashMap<>()).put(text(key), v.value());
            }
        }
        StringBuilder out = new StringBuilder();
        plain.sort(Comparator.comparingLong(CounterValue::value).thenComparing(CounterValue::name));
        for (CounterValue v : plain) out.append(AggregateView.table(v.name(), Map.of("", v.value())));
        tables.forEach((name, table) -> out.append(AggregateView.table(name, table)));
        histograms.forEach((name, buckets) -> out.append(AggregateView.histogram(name, buckets)));
        return out.toString();
    }

    /** One key value as bpftrace prints it: a number unsigned, an address or string as text. */
    public static String keyPart(Object part) {
        return part instanceof Long l ? Long.toUnsignedString(l) : String.valueOf(part);
    }

    /** Key values as bpftrace prints them: numbers unsigned, tuples joined with ", ". */
    static String text(List<Object> key) {
        StringBuilder out = new StringBuilder();
        for (Object part : key) {
            if (out.length() > 0) out.append(", ");
            out.append(keyPart(part));
        }
        return out.toString();
    }
}
