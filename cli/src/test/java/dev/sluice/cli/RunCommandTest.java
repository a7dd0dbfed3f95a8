package dev.sluice.cli;

import dev.sluice.testing.KernelTests;
import dev.sluice.testing.KernelTest;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.runtime.testing.Shell;
import dev.sluice.runtime.testing.VethPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import java.util.List;

/** {@code sluice run} against the real kernel: attach, count, detach, and the refusals of docs/CLI.md. */
class RunCommandTest {
    private static final String DROP_7000 = "xdp { when udp.dport == 7000 { count hits drop } }\n";

    @TempDir
    Path dir;

    private Path script(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    @KernelTest
    void xdpCountsAndDropsThenDetaches() throws Exception {
        Path file = script("drop.ebpf", DROP_7000);
        try (VethPair pair = VethPair.create()) {
            long before = pair.udpReceivedByA();
            // The datagrams go once the program is attached, so every one of them meets it.
            CompletableFuture<Void> traffic = CompletableFuture.runAsync(() -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                while (!xdpAttached(pair) && System.nanoTime() < deadline) sleep(20);
                pair.sendUdpToA(100, 7000, 16);
            });
            MainTest.Outcome o = MainTest.run("run", file.toString(), "--netns", pair.namespaceA(),
                    "--iface", pair.interfaceA(), "--duration", "2", "--interval", "0.5");
            traffic.get(10, TimeUnit.SECONDS);
            assertEquals(0, o.code(), o.err());
            String summary = o.out().substring(o.out().indexOf("summary after"));
            assertTrue(summary.contains("@hits: 100\n"), o.out());
            assertEquals(before, pair.udpReceivedByA(), "the program dropped every datagram");
            assertFalse(xdpAttached(pair), "no XDP program is left on " + pair.interfaceA());
            assertTrue(o.err().contains("sluice: detached"), o.err());
        }
    }

    /** {@code run --filter}: the tcpdump expression's packets are dropped on the interface, the rest pass. */
    @Test
    void aFilterDropsWhatItMatches() throws Exception {
        KernelTests.requireBpf();
        try (VethPair pair = VethPair.create()) {
            long before = pair.udpReceivedByA();
            CompletableFuture<Void> traffic = CompletableFuture.runAsync(() -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                while (!xdpAttached(pair) && System.nanoTime() < deadline) sleep(20);
                pair.sendUdpToA(50, 7000, 16);
                pair.sendUdpToA(30, 7001, 16);
            });
            MainTest.Outcome o = MainTest.run("run", "--filter", "udp dst port 7000", "--netns", pair.namespaceA(),
                    "--iface", pair.interfaceA(), "--duration", "2", "--interval", "0.5");
            traffic.get(10, TimeUnit.SECONDS);
            assertEquals(0, o.code(), o.err());
            assertEquals(before + 30, pair.udpReceivedByA(), "port 7000 dropped, port 7001 passed");
            assertFalse(xdpAttached(pair), "no XDP program is left on " + pair.interfaceA());
        }
    }

    /**
     * An object from `sluice compile` runs as the script would: its tc programs attach in their own
     * directions (tcx ingress and egress), which the object keeps in its source section.
     */
    @Test
    @KernelTest
    void anObjectRunsWithItsTcDirections() throws Exception {
        String bpftool = dev.sluice.testing.KernelTests.tool("bpftool", "bpftool");
        Path script = script("both.ebpf", "tc ingress inbound { when udp.dport == 7100 { count received  drop } }\n"
                + "tc egress outbound { when udp.dport == 7200 { count sent } }\n");
        Path object = dir.resolve("both.o");
        assertEquals(0, MainTest.run("compile", script.toString(), "-o", object.toString()).code());
        try (VethPair pair = VethPair.create()) {
            long before = pair.udpReceivedByA();
            CompletableFuture<Void> traffic = CompletableFuture.runAsync(() -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                while (!dev.sluice.runtime.testing.Shell.tryRun("ip", "netns", "exec", pair.namespaceA(), bpftool, "net", "show", "dev",
                        pair.interfaceA()).output().contains("tcx/egress") && System.nanoTime() < deadline) {
                    sleep(20);
                }
                pair.sendUdpToB(30, 7200, 16);
                pair.sendUdpToA(50, 7100, 16);
            });
            // Long enough for both sends on a busy machine: the datagrams must meet the programs.
            MainTest.Outcome o = MainTest.run("run", object.toString(), "--netns", pair.namespaceA(), "--iface", pair.interfaceA(),
                    "--duration", "6", "--interval", "2");
            traffic.get(10, TimeUnit.SECONDS);
            assertEquals(0, o.code(), o.err());
            assertTrue(o.err().contains("attached inbound: tcx ingress") && o.err().contains("attached outbound: tcx egress"), o.err());
            String summary = o.out().substring(o.out().indexOf("summary after"));
            assertTrue(summary.contains("@received: 50\n") && summary.contains("@sent: 30\n"), o.out());
            assertEquals(before, pair.udpReceivedByA(), "inbound dropped every datagram to 7100");
        }
    }

    @Test
    void objectsFromElsewhereOrChangedAreBadInput() throws Exception {
        MainTest.Outcome clang = MainTest.run("run", Path.of("..", "runtime", "src", "test", "resources", "clang", "count_xdp.o").toString(),
                "--iface", "lo", "--duration", "1");
        assertEquals(ExitCodes.BAD_INPUT, clang.code(), clang.err());
        assertTrue(clang.err().contains("no .sluice.source section"), clang.err());
        Path script = script("one.ebpf", "socket { when udp.dport == 53 { count dns } }\n");
        Path object = dir.resolve("one.o");
        assertEquals(0, MainTest.run("compile", script.toString(), "-o", object.toString()).code());
        byte[] bytes = Files.readAllBytes(object);
        // Change the immediate of the port comparison inside the code: 53 becomes 54.
        boolean changed = false;
        for (int i = 0; i + 8 <= bytes.length && !changed; i += 1) {
            if ((bytes[i] & 0x0f) == 0x05 && bytes[i + 4] == 53 && bytes[i + 5] == 0 && bytes[i + 6] == 0 && bytes[i + 7] == 0) {
                bytes[i + 4] = 54;
                changed = true;
            }
        }
        assertTrue(changed, "found the comparison with 53");
        Path tampered = dir.resolve("tampered.o");
        Files.write(tampered, bytes);
        MainTest.Outcome o = MainTest.run("run", tampered.toString(), "--iface", "lo", "--duration", "1");
        assertEquals(ExitCodes.BAD_INPUT, o.code(), o.err());
        assertTrue(o.err().contains("differs from its source"), o.err());
    }

    @Test
    void packetProgramsNeedAnInterface() throws Exception {
        MainTest.Outcome o = MainTest.run("run", script("drop.ebpf", DROP_7000).toString(), "--duration", "1");
        assertEquals(ExitCodes.USAGE, o.code(), o.err());
        assertTrue(o.err().contains("--iface"), o.err());
        assertFalse(o.err().contains("\tat "), o.err());
    }

    @Test
    @KernelTest
    void withoutCapabilitiesOneLineNamesCapBpf() throws Exception {
        String capsh = KernelTests.tool("capsh", "libcap2-bin");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "exec " + java + " -cp '" + System.getProperty("java.class.path") + "' " + Main.class.getName()
                + " run '" + script("drop.ebpf", DROP_7000) + "' --iface lo --duration 1";
        Shell.Result r = Shell.tryRun(capsh, "--drop=cap_sys_admin,cap_bpf,cap_perfmon,cap_net_admin", "--", "-c", command);
        assertEquals(ExitCodes.KERNEL_REFUSED, r.exitCode(), r.output());
        assertEquals(1, r.output().lines().count(), r.output());
        assertTrue(r.output().startsWith("sluice: ") && r.output().contains("CAP_BPF"), r.output());
    }

    /**
     * The trace example: live tables, histograms and printed events while children run, then a
     * clean detach. A child started during the run execs a distinctive path and opens files.
     */
    @Test
    @KernelTest
    void theTraceExampleShowsTablesAndEvents() throws Exception {
        Path marker = dir.resolve("slc-run-marker");
        Files.writeString(marker, "x");
        Thread children = new Thread(() -> {
            try {
                for (int i = 0; i < 10; i++) {
                    Thread.sleep(200);
                    new ProcessBuilder("/bin/cat", marker.toString()).start().waitFor();
                }
            } catch (Exception e) {
                // The assertions below report what the run saw.
            }
        });
        children.start();
        MainTest.Outcome o = MainTest.run("run", ExamplesTest.EXAMPLES.resolve("trace.ebpf").toString(), "--duration", "3");
        children.join();
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("exec /bin/cat by "), o.out());
        assertTrue(o.out().matches("(?s).*@openat\\[cat\\]: [0-9]+.*"), o.out());
        assertTrue(o.out().matches("(?s).*@read_bytes:\n\\[.*\\|@+ *\\|.*"), "a histogram with bars:\n" + o.out());
        assertTrue(o.out().contains("summary after"), o.out());
        assertTrue(o.err().endsWith("sluice: detached\n"), o.err());
    }

    @Test
    @KernelTest
    void durationBoundsTheRun() throws Exception {
        // A socket filter on our own packet socket on lo touches no one else's traffic.
        Path file = script("seen.ebpf", "socket { count seen }\n");
        long start = System.nanoTime();
        MainTest.Outcome o = MainTest.run("run", file.toString(), "--iface", "lo", "--duration", "1", "--interval", "0.25");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(0, o.code(), o.err());
        assertTrue(seconds >= 1 && seconds < 4, "took " + seconds + " s");
        assertTrue(o.out().matches("(?s).*summary after [0-9.]+ s:\n@seen: [0-9]+\n"), o.out());
        assertTrue(o.out().lines().filter(l -> l.startsWith("@seen: ")).count() >= 3, "refreshed every 0.25 s: " + o.out());
    }

    /** docs/CLI.md: SIGINT and SIGTERM both detach everything and exit 0, the summary printed. */
    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void aSignalDetachesAndExitsZero(String signal) throws Exception {
        KernelTests.requireBpf();
        Path file = script("drop.ebpf", DROP_7000);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        try (VethPair pair = VethPair.create()) {
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "run", file.toString(), "--netns", pair.namespaceA(), "--iface", pair.interfaceA())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (!Files.readString(err).contains("sluice: running") && p.isAlive() && System.nanoTime() < deadline) sleep(50);
                assertTrue(Files.readString(err).contains("sluice: running"), Files.readString(err));
                assertTrue(xdpAttached(pair));
                Shell.run("kill", "-" + signal, Long.toString(p.pid()));
                assertTrue(p.waitFor(10, TimeUnit.SECONDS), "stopped after SIG" + signal);
                assertEquals(0, p.exitValue(), Files.readString(err));
                assertTrue(Files.readString(out).contains("summary after"), Files.readString(out));
                assertTrue(Files.readString(err).endsWith("sluice: detached\n"), Files.readString(err));
                assertFalse(xdpAttached(pair), "no XDP program is left on " + pair.interfaceA());
            } finally {
                p.destroyForcibly();
            }
        }
    }

    /** docs/CLI.md: one warning when the interface disappears, and exit 3 when that leaves nothing attached. */
    @Test
    @KernelTest
    void deletingTheInterfaceWarnsOnceAndExitsThree() throws Exception {
        Path file = script("drop.ebpf", DROP_7000);
        try (VethPair pair = VethPair.create()) {
            CompletableFuture<Void> delete = CompletableFuture.runAsync(() -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!xdpAttached(pair) && System.nanoTime() < deadline) sleep(20);
                sleep(300);
                Shell.run("ip", "-n", pair.namespaceA(), "link", "del", pair.interfaceA());
            });
            long start = System.nanoTime();
            MainTest.Outcome o = MainTest.run("run", file.toString(), "--netns", pair.namespaceA(), "--iface", pair.interfaceA(),
                    "--duration", "30");
            delete.get(10, TimeUnit.SECONDS);
            assertEquals(ExitCodes.KERNEL_REFUSED, o.code(), o.err());
            assertTrue((System.nanoTime() - start) / 1e9 < 15, "stopped when nothing was left, not at the end of --duration");
            assertEquals(List.of("sluice: warning: interface " + pair.interfaceA() + " is gone; xdp_1 is no longer attached"),
                    o.err().lines().filter(l -> l.contains("warning")).toList(), o.err());
            assertTrue(o.err().endsWith("sluice: nothing is left attached\nsluice: detached\n"), o.err());
            assertTrue(o.out().contains("summary after"), o.out());
        }
    }

    /** With a trace program still attached, a deleted namespace (and its interface) is a warning and the run goes on. */
    @Test
    @KernelTest
    void deletingTheNamespaceWarnsAndTheRestRunsOn() throws Exception {
        Path file = script("mixed.ebpf", "xdp fw { count seen }\ntracepoint syscalls:sys_enter_openat { count opens }\n");
        try (VethPair pair = VethPair.create()) {
            CompletableFuture<Void> delete = CompletableFuture.runAsync(() -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!xdpAttached(pair) && System.nanoTime() < deadline) sleep(20);
                sleep(300);
                Shell.run("ip", "netns", "del", pair.namespaceA());
            });
            MainTest.Outcome o = MainTest.run("run", file.toString(), "--netns", pair.namespaceA(), "--iface", pair.interfaceA(),
                    "--duration", "4");
            delete.get(10, TimeUnit.SECONDS);
            assertEquals(0, o.code(), o.err());
            assertEquals(1, o.err().lines().filter(l -> l.equals("sluice: warning: interface " + pair.interfaceA()
                    + " is gone; fw is no longer attached")).count(), o.err());
            assertTrue(o.out().matches("(?s).*summary after [0-9.]+ s:.*@opens: [0-9]+.*"), o.out());
            assertTrue(o.err().endsWith("sluice: detached\n"), o.err());
        }
    }

    private static boolean xdpAttached(VethPair pair) {
        return Shell.run("ip", "-n", pair.namespaceA(), "link", "show", pair.interfaceA()).contains("xdp");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
