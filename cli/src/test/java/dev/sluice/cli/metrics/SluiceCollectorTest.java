package dev.sluice.cli.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.compiler.CounterValue;
import dev.sluice.compiler.image.AggregateKind;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * docs/CLI.md, "Metrics": the metric families and labels Sluice serves, written by the Prometheus
 * client and read back by a strict parser of the text format. The endpoint itself is tested in
 * namespaces (RunMetricsTest).
 */
class SluiceCollectorTest {
    private static final ProgramReadings FW = new ProgramReadings("fw",
            Map.of("ports", AggregateKind.COUNT, "lat", AggregateKind.HIST, "bytes", AggregateKind.SUM),
            List.of(new CounterValue("dns", Optional.empty(), 5),
                    new CounterValue("ports", Optional.of(List.of(8080L)), 3),
                    new CounterValue("ports", Optional.of(List.of(-1L)), 1),
                    new CounterValue("lat", Optional.of(List.of(0L)), 2),
                    new CounterValue("lat", Optional.of(List.of(3L)), 4),
                    new CounterValue("bytes", Optional.of(List.of("10.0.0.1", 6L)), 1500)),
            Optional.of(new ProgramReadings.RunTotals(10, 2500)));

    @Test
    void everyKindOfAggregateBecomesItsFamily() throws IOException {
        Map<String, Double> found = new LinkedHashMap<>();
        for (PrometheusText.Sample s : PrometheusText.parse(scrape(List.of(FW)))) found.put(s.name() + s.labels(), s.value());
        assertEquals(Map.ofEntries(
                Map.entry("sluice_counter_total{counter=dns, program=fw}", 5.0),
                Map.entry("sluice_counter_total{counter=ports, key=8080, program=fw}", 3.0),
                Map.entry("sluice_counter_total{counter=ports, key=18446744073709551615, program=fw}", 1.0),
                Map.entry("sluice_sum_total{key0=10.0.0.1, key1=6, program=fw, sum=bytes}", 1500.0),
                Map.entry("sluice_hist_bucket{hist=lat, program=fw, le=1.0}", 2.0),
                Map.entry("sluice_hist_bucket{hist=lat, program=fw, le=2.0}", 2.0),
                Map.entry("sluice_hist_bucket{hist=lat, program=fw, le=4.0}", 2.0),
                Map.entry("sluice_hist_bucket{hist=lat, program=fw, le=8.0}", 6.0),
                Map.entry("sluice_hist_bucket{hist=lat, program=fw, le=+Inf}", 6.0),
                Map.entry("sluice_hist_count{hist=lat, program=fw}", 6.0),
                Map.entry("sluice_program_runs_total{program=fw}", 10.0),
                Map.entry("sluice_program_run_seconds_total{program=fw}", 2.5e-6)), sortedLabels(found));
    }

    @Test
    void programsAreToldApartByTheirLabelAndEmptyFamiliesAreLeftOut() throws IOException {
        ProgramReadings quiet = new ProgramReadings("quiet", Map.of(), List.of(new CounterValue("hits", Optional.empty(), 0)), Optional.empty());
        String text = scrape(List.of(quiet));
        assertEquals(1, PrometheusText.parse(text).size(), text);
        assertTrue(text.contains("sluice_counter_total{counter=\"hits\",program=\"quiet\"} 0"), text);
        assertEquals("", scrape(List.of()));
    }

    @Test
    void theStrictReaderRefusesWhatPrometheusWouldNot() {
        String ok = "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 3\nh_count 3\n";
        assertEquals(3, PrometheusText.parse(ok).size());
        for (String broken : List.of(
                "# TYPE h histogram\nh_bucket{le=\"1\"} 4\nh_bucket{le=\"+Inf\"} 3\nh_count 3\n",
                "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_count 2\n",
                "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 3\nh_count 4\n",
                "# TYPE c counter\nc{a=\"1\"} 1\nc{a=\"1\"} 2\n",
                "# TYPE c counter\nc -1\n",
                "c 1\n",
                "# TYPE c counter\nc{a=\"\\x\"} 1\n",
                "# TYPE c counter\nc{1a=\"x\"} 1\n",
                "# TYPE c counter\nc one\n",
                "# TYPE c counter\nc 1")) {
            assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse(broken), broken);
        }
    }

    @Test
    void listenAddressesAreNumericWithAPort() {
        assertEquals("/198.18.0.1:9100", ListenAddress.parse("198.18.0.1:9100").toString());
        assertEquals(0, ListenAddress.parse("[::1]:0").getPort());
        for (String bad : List.of("9100", ":9100", "localhost:9100", "198.18.0.1:70000", "198.18.0.1:", "::1:9100", "198.18.1:80", "[::1]:x")) {
            assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse(bad), bad);
        }
    }

    private static String scrape(List<ProgramReadings> readings) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, new SluiceCollector(() -> readings).collect());
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Label maps printed in name order, so the expectation does not depend on the writer's order. */
    private static Map<String, Double> sortedLabels(Map<String, Double> found) {
        Map<String, Double> out = new LinkedHashMap<>();
        found.forEach((k, v) -> {
            int brace = k.indexOf('{');
            String labels = k.substring(brace + 1, k.length() - 1);
            List<String> parts = new java.util.ArrayList<>(List.of(labels.split(", ")));
            // le stays last, as it is written.
            parts.sort((a, b) -> a.startsWith("le=") ? 1 : b.startsWith("le=") ? -1 : a.compareTo(b));
            out.put(k.substring(0, brace) + "{" + String.join(", ", parts) + "}", v);
        });
        return out;
    }
}
