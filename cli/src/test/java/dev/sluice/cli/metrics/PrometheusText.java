package dev.sluice.cli.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests: every line
 * is a HELP, a TYPE or a sample of the family last typed; names and label names follow the format's
 * grammar, label values its escapes; no series appears twice; counters are not negative; each
 * histogram series has cumulative buckets ending in {@code le="+Inf"} equal to its {@code _count}.
 * {@code _sum} is allowed but not required: the format requires the {@code +Inf} bucket and its
 * equality with {@code _count}, and Sluice's histograms have no sum (docs/CLI.md, "Metrics").
 * Anything else throws {@link IllegalArgumentException} naming the line.
 */
public final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)( -?[0-9]+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample: its name, labels and value. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private PrometheusText() {}

    /** The samples of {@code text}, in order; throws on the first violation. */
    public static List<Sample> parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) throw new IllegalArgumentException("the text does not end with a newline");
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new HashMap<>();
        Set<String> helped = new HashSet<>();
        Set<String> series = new HashSet<>();
        String family = null;
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) continue;
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ", 2);
                if (!NAME.matcher(parts[0]).matches()) throw bad(n, "bad metric name " + parts[0]);
                if (line.startsWith("# HELP ")) {
                    if (!helped.add(parts[0])) throw bad(n, "second HELP for " + parts[0]);
                } else {
                    if (parts.length != 2 || !TYPES.contains(parts[1])) throw bad(n, "bad TYPE line");
                    if (types.put(parts[0], parts[1]) != null) throw bad(n, "second TYPE for " + parts[0]);
                    family = parts[0];
                }
                continue;
            }
            if (line.startsWith("#")) continue;
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) throw bad(n, "not a sample: " + line);
            String name = m.group(1);
            if (family == null || !belongs(name, family, types.get(family))) throw bad(n, name + " outside its family's TYPE block");
            Map<String, String> labels = labels(m.group(3) == null ? "" : m.group(3), n);
            double value = number(m.group(4), n);
            if (!series.add(name + new TreeMap<>(labels))) throw bad(n, "the series appears twice");
            if (types.get(family).equals("counter") && value < 0) throw bad(n, "a negative counter");
            samples.add(new Sample(name, labels, value));
        }
        checkHistograms(samples, types);
        return samples;
    }

    private static boolean belongs(String name, String family, String type) {
        if (type.equals("histogram")) return name.equals(family + "_bucket") || name.equals(family + "_count") || name.equals(family + "_sum");
        return name.equals(family);
    }

    private static Map<String, String> labels(String text, int n) {
        Map<String, String> labels = new LinkedHashMap<>();
        Matcher m = LABEL.matcher(text);
        int at = 0;
        while (at < text.length()) {
            if (!m.find(at) || m.start() != at) throw bad(n, "bad labels: " + text);
            if (labels.put(m.group(1), m.group(2)) != null) throw bad(n, "label " + m.group(1) + " twice");
            at = m.end();
        }
        return labels;
    }

    private static double number(String text, int n) {
        switch (text) {
            case "+Inf": return Double.POSITIVE_INFINITY;
            case "-Inf": return Double.NEGATIVE_INFINITY;
            case "NaN": return Double.NaN;
            default:
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw bad(n, "not a number: " + text);
                }
        }
    }

    private static void checkHistograms(List<Sample> samples, Map<String, String> types) {
        Map<String, List<Sample>> buckets = new LinkedHashMap<>();
        Map<String, Double> counts = new HashMap<>();
        for (Sample s : samples) {
            Map<String, String> rest = new TreeMap<>(s.labels());
            rest.remove("le");
            if (s.name().endsWith("_bucket")) {
                if (!s.labels().containsKey("le")) throw new IllegalArgumentException(s + ": a bucket without le");
                buckets.computeIfAbsent(s.name().replaceAll("_bucket$", "") + rest, k -> new ArrayList<>()).add(s);
            } else if (s.name().endsWith("_count") && "histogram".equals(types.get(s.name().replaceAll("_count$", "")))) {
                counts.put(s.name().replaceAll("_count$", "") + rest, s.value());
            }
        }
        for (Map.Entry<String, List<Sample>> e : buckets.entrySet()) {
            double bound = Double.NEGATIVE_INFINITY, count = 0;
            for (Sample b : e.getValue()) {
                double le = number(b.labels().get("le"), 0);
                if (!(le > bound)) throw new IllegalArgumentException(e.getKey() + ": bounds not increasing at le=" + b.labels().get("le"));
                if (b.value() < count) throw new IllegalArgumentException(e.getKey() + ": buckets not cumulative at le=" + b.labels().get("le"));
                bound = le;
                count = b.value();
            }
            if (bound != Double.POSITIVE_INFINITY) throw new IllegalArgumentException(e.getKey() + ": no +Inf bucket");
            if (!counts.containsKey(e.getKey()) || counts.get(e.getKey()) != count) {
                throw new IllegalArgumentException(e.getKey() + ": _count is not the +Inf bucket");
            }
        }
    }

    private static IllegalArgumentException bad(int line, String what) {
        return new IllegalArgumentException("line " + line + ": " + what);
    }
}
