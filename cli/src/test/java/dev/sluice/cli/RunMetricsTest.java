package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.cli.metrics.PrometheusText;
import dev.sluice.runtime.AppliedRules;
import dev.sluice.testing.KernelTests;
import dev.sluice.runtime.testing.KernelRequirement;
import dev.sluice.runtime.testing.Shell;
import dev.sluice.runtime.testing.VethPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice run --metrics} against the kernel, as a user runs it: the command runs inside
 * namespace A ({@code ip netns exec}) and listens on A's address; the scrapes come from namespace B
 * with curl, so no traffic leaves the two namespaces. The text is read with a strict parser.
 */
class RunMetricsTest {
    private static final String SCRIPT = """
            xdp {
              when udp.dport == 7000 { count hits drop }
              when udp { count udp_by_port by udp.dport  hist sizes pkt.len }
            }
            """;
    private static final Pattern ANNOUNCED = Pattern.compile("sluice: metrics at http://198\\.18\\.0\\.1:([0-9]+)/metrics");

    @TempDir
    Path dir;

    @Test
    void aScrapeFromTheOtherNamespaceSeesTheKernelsCountsAndRunStatistics() throws Exception {
        KernelRequirement.bpf();
        Path file = dir.resolve("fw.ebpf");
        Files.writeString(file, SCRIPT);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (VethPair pair = VethPair.create()) {
            Process p = new ProcessBuilder("ip", "netns", "exec", pair.namespaceA(), java, "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "run", file.toString(), "--iface", pair.interfaceA(), "--metrics", VethPair.ADDRESS_A + ":0")
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!Files.readString(err).contains("sluice: running") && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(50);
                Matcher m = ANNOUNCED.matcher(Files.readString(err));
                assertTrue(m.find(), Files.readString(err));
                String url = "http://" + VethPair.ADDRESS_A + ":" + m.group(1);

                pair.sendUdpToA(100, 7000, 16);
                pair.sendUdpToA(7, 7001, 16);
                Map<String, Double> values = new HashMap<>();
                // Into a file: the text is read byte for byte, its last newline included.
                Path scraped = dir.resolve("scrape.txt");
                curl(pair, "-sS", "-o", scraped.toString(), url + "/metrics");
                for (PrometheusText.Sample s : PrometheusText.parse(Files.readString(scraped))) {
                    values.put(s.name() + s.labels(), s.value());
                }
                assertEquals(100.0, values.get("sluice_counter_total{counter=hits, program=xdp_1}"), values.toString());
                assertEquals(7.0, values.get("sluice_counter_total{counter=udp_by_port, key=7001, program=xdp_1}"), values.toString());
                assertEquals(7.0, values.get("sluice_hist_count{hist=sizes, program=xdp_1}"), values.toString());
                assertTrue(values.get("sluice_program_runs_total{program=xdp_1}") >= 107, values.toString());
                assertTrue(values.get("sluice_program_run_seconds_total{program=xdp_1}") > 0, values.toString());

                assertEquals("404", curl(pair, "-s", "-o", "/dev/null", "-w", "%{http_code}", url + "/"));
                assertEquals("405", curl(pair, "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", url + "/metrics"));

                Shell.run("kill", "-TERM", Long.toString(p.pid()));
                assertTrue(p.waitFor(10, TimeUnit.SECONDS), "stopped after SIGTERM");
                assertEquals(0, p.exitValue(), Files.readString(err));
            } finally {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * {@code sluice metrics} for rules applied in namespace A: it reads their pins on the host's
     * bpffs and listens inside A ({@code --netns}), scraped from B; the program label is NAME/PROGRAM.
     */
    @Test
    void appliedRulesAreServedFromTheirPinsInsideTheNamespace() throws Exception {
        KernelTests.requireBpf();
        String name = "metrics" + ProcessHandle.current().pid();
        Path file = dir.resolve("fw.ebpf");
        Files.writeString(file, SCRIPT);
        Path err = dir.resolve("err.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (VethPair pair = VethPair.create()) {
            try {
                MainTest.Outcome applied = MainTest.run("apply", file.toString(), "--name", name, "--netns", pair.namespaceA(),
                        "--iface", pair.interfaceA(), "--mode", "generic");
                assertEquals(0, applied.code(), applied.err());
                MainTest.Outcome unknown = MainTest.run("metrics", "--listen", "198.18.0.1:0", "--netns", pair.namespaceA(), name + "x");
                assertEquals(2, unknown.code(), unknown.err());
                Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                        "metrics", "--listen", VethPair.ADDRESS_A + ":0", "--netns", pair.namespaceA(), name)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
                try {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (!ANNOUNCED.matcher(Files.readString(err)).find() && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(50);
                    Matcher m = ANNOUNCED.matcher(Files.readString(err));
                    assertTrue(m.find(), Files.readString(err));
                    pair.sendUdpToA(50, 7000, 16);
                    Path scraped = dir.resolve("applied.txt");
                    curl(pair, "-sS", "-o", scraped.toString(), "http://" + VethPair.ADDRESS_A + ":" + m.group(1) + "/metrics");
                    Map<String, Double> values = new HashMap<>();
                    for (PrometheusText.Sample s : PrometheusText.parse(Files.readString(scraped))) values.put(s.name() + s.labels(), s.value());
                    assertEquals(50.0, values.get("sluice_counter_total{counter=hits, program=" + name + "/xdp_1}"), values.toString());
                    assertTrue(values.get("sluice_program_runs_total{program=" + name + "/xdp_1}") >= 50, values.toString());
                    Shell.run("kill", "-TERM", Long.toString(p.pid()));
                    assertTrue(p.waitFor(10, TimeUnit.SECONDS), "stopped after SIGTERM");
                    assertEquals(0, p.exitValue(), Files.readString(err));
                } finally {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            } finally {
                AppliedRules.remove(AppliedRules.ROOT, name);
            }
        }
    }

    @Test
    void aTakenOrMalformedAddressIsAUsageErrorAndLoadsNothing() throws Exception {
        Path file = dir.resolve("fw.ebpf");
        Files.writeString(file, SCRIPT);
        MainTest.Outcome o = MainTest.run("run", file.toString(), "--iface", "lo", "--metrics", "localhost:9100");
        assertEquals(2, o.code(), o.err());
        assertEquals("sluice: --metrics: the address must be numeric (IPv4 or IPv6), not localhost", o.err().lines().findFirst().orElse(""));
        // 192.0.2.1 (TEST-NET-1) is on no interface of this machine: binding fails before anything is loaded.
        MainTest.Outcome taken = MainTest.run("run", file.toString(), "--iface", "lo", "--metrics", "192.0.2.1:9100");
        assertEquals(2, taken.code(), taken.err());
        assertTrue(taken.err().startsWith("sluice: --metrics: cannot listen on"), taken.err());
        assertTrue(!taken.err().contains("attached"), taken.err());
    }

    private static String curl(VethPair pair, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("ip", "netns", "exec", pair.namespaceB(), "curl", "--max-time", "5"));
        command.addAll(List.of(args));
        return Shell.run(command.toArray(String[]::new));
    }
}
