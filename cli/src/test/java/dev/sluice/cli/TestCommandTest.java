package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.testing.KernelTest;
import dev.sluice.testing.Capture;
import dev.sluice.testing.FrameBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCommandTest {
    static final String RULES = CompileCommandTest.RULES.resolve("Rules.java").toString();

    static byte[] tcp(int port, int flags) {
        return FrameBuilder.ethernet().ipv4("10.1.2.3", "198.18.0.1").tcp(40000, port).flags(flags).build();
    }

    static byte[] udp(int port) {
        return FrameBuilder.ethernet().ipv4("10.1.2.3", "198.18.0.1").udp(5000, port).payload(new byte[4]).build();
    }

    static Path capture(Path dir) throws Exception {
        List<Capture.Packet> packets = new ArrayList<>();
        for (byte[] f : List.of(tcp(22, 2), tcp(80, 2), udp(53), tcp(1500, 2), tcp(1500, 0x12), udp(5353))) {
            packets.add(new Capture.Packet(1, 0, f, f.length));
        }
        Path pcap = dir.resolve("in.pcap");
        Files.write(pcap, new Capture(packets, false).write());
        return pcap;
    }

    @Test
    void jsonlFromTheInterpreter(@TempDir Path dir) throws Exception {
        MainTest.Outcome o = MainTest.run("test", RULES, "--pcap", capture(dir).toString(), "--format", "jsonl");
        assertEquals(0, o.code(), o.err());
        List<String> lines = o.out().lines().toList();
        assertEquals("{\"packet\":1,\"program\":\"ssh\",\"verdict\":\"drop\"}", lines.get(0));
        assertEquals("{\"packet\":1,\"program\":\"firewall\",\"verdict\":\"pass\"}", lines.get(1));
        assertEquals("{\"packet\":4,\"program\":\"firewall\",\"verdict\":\"drop\"}", lines.get(7));
        assertEquals("{\"packet\":5,\"program\":\"firewall\",\"verdict\":\"pass\"}", lines.get(9));
        assertEquals(List.of("{\"counter\":\"dns\",\"program\":\"firewall\",\"value\":2}",
                "{\"counter\":\"protos\",\"program\":\"firewall\",\"key\":6,\"value\":4}",
                "{\"counter\":\"protos\",\"program\":\"firewall\",\"key\":17,\"value\":2}"), lines.subList(12, lines.size()));
    }

    @Test
    @KernelTest
    void theKernelPrintsTheSameLines(@TempDir Path dir) throws Exception {
        Path pcap = capture(dir);
        MainTest.Outcome interpreted = MainTest.run("test", RULES, "--pcap", pcap.toString(), "--format", "jsonl");
        MainTest.Outcome kernel = MainTest.run("test", RULES, "--pcap", pcap.toString(), "--format", "jsonl", "--kernel");
        assertEquals(0, kernel.code(), kernel.err());
        assertEquals(interpreted.out(), kernel.out());
    }

    @Test
    @KernelTest
    void repeatAddsTheCostPerRunAndCountsEveryRun(@TempDir Path dir) throws Exception {
        MainTest.Outcome o = MainTest.run("test", RULES, "--pcap", capture(dir).toString(), "--format", "jsonl", "--kernel", "--repeat", "10");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().lines().findFirst().orElseThrow().matches("\\{\"packet\":1,\"program\":\"ssh\",\"verdict\":\"drop\",\"ns\":[0-9]+\\.[0-9]{2}}"), o.out());
        assertTrue(o.out().contains("{\"counter\":\"dns\",\"program\":\"firewall\",\"value\":20}"), o.out());
    }

    @Test
    void tableShowsASummaryPerPacket(@TempDir Path dir) throws Exception {
        MainTest.Outcome o = MainTest.run("test", RULES, "--pcap", capture(dir).toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("     1  drop           pass           IP 10.1.2.3.40000 > 198.18.0.1.22: Flags [S], length 0"), o.out());
        // Counters as run shows them (CounterView): each program's under its name when there are several.
        assertTrue(o.out().endsWith("\n\nfirewall:\n@dns: 2\n@protos[17]: 2\n@protos[6]: 4\n"), o.out());
    }

    /** The example: test printed `fw tcp_seen 58592: 3` where run prints `@tcp_seen[8080]: 20`; now both print the latter. */
    @Test
    void countersReadAsRunShowsThem(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("fw.ebpf");
        Files.writeString(rules, "xdp fw { when tcp { count tcp_seen by tcp.dport } }\n");
        MainTest.Outcome o = MainTest.run("test", rules.toString(), "--pcap", capture(dir).toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().endsWith("\n\n@tcp_seen[22]: 1\n@tcp_seen[80]: 1\n@tcp_seen[1500]: 2\n"), o.out());
    }

    @Test
    void aBadCaptureExitsFour(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.pcap");
        Files.write(bad, new byte[] {1, 2, 3});
        MainTest.Outcome o = MainTest.run("test", RULES, "--pcap", bad.toString());
        assertEquals(ExitCodes.BAD_INPUT, o.code());
        assertEquals(1, o.err().strip().lines().count(), o.err());
    }

    /** docs/CLI.md, "cut captures": every whole packet runs and prints, then one warning names the cut record, exit 4. */
    @Test
    void aCutLastRecordRunsTheWholePacketsInTheInterpreter(@TempDir Path dir) throws Exception {
        cutCaptureRunsWholePackets(dir, false);
    }

    @Test
    @KernelTest
    void aCutLastRecordRunsTheWholePacketsInTheKernel(@TempDir Path dir) throws Exception {
        cutCaptureRunsWholePackets(dir, true);
    }

    private static void cutCaptureRunsWholePackets(Path dir, boolean kernel) throws Exception {
        byte[] whole = Files.readAllBytes(capture(dir));
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 10));
        Path five = dir.resolve("five.pcap");
        Files.write(five, new Capture(Capture.read(whole).packets().subList(0, 5), false).write());
        for (String format : List.of("table", "jsonl")) {
            List<String> args = new ArrayList<>(List.of("test", RULES, "--format", format));
            if (kernel) args.add("--kernel");
            List<String> onCut = new ArrayList<>(args);
            onCut.addAll(List.of("--pcap", cut.toString()));
            args.addAll(List.of("--pcap", five.toString()));
            MainTest.Outcome expected = MainTest.run(args.toArray(String[]::new));
            MainTest.Outcome o = MainTest.run(onCut.toArray(String[]::new));
            assertEquals(0, expected.code(), expected.err());
            assertEquals(ExitCodes.BAD_INPUT, o.code(), o.err());
            assertEquals(expected.out(), o.out(), "the five whole packets and their counters");
            assertEquals("sluice: " + cut + ": record 6 is cut short (header says 46 bytes, 36 left); the packets before it were run\n",
                    o.err());
        }
    }

    /** docs/LANGUAGE.md, "Test output": frames the kernel's test run refuses get an error that says why, never an errno. */
    @Test
    @KernelTest
    void shortFramesTheKernelRefusesSayWhy(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("short.ebpf");
        Files.writeString(rules, "tc ingress t { count seen }\nxdp x { count seen }\n");
        byte[] ipv4 = java.util.Arrays.copyOf(udp(53), 30);
        byte[] ipv6 = new byte[50];
        ipv6[12] = (byte) 0x86;
        ipv6[13] = (byte) 0xdd;
        List<Capture.Packet> packets = new ArrayList<>();
        for (byte[] f : List.of(ipv4, ipv6, new byte[13])) packets.add(new Capture.Packet(1, 0, f, f.length));
        Path pcap = dir.resolve("short.pcap");
        Files.write(pcap, new Capture(packets, false).write());
        MainTest.Outcome o = MainTest.run("test", rules.toString(), "--pcap", pcap.toString(), "--kernel", "--format", "jsonl");
        assertEquals(0, o.code(), o.err());
        List<String> lines = o.out().lines().toList();
        assertEquals("{\"packet\":1,\"program\":\"t\",\"verdict\":\"error\",\"error\":\"the kernel's test run refuses tc frames"
                + " of IPv4 shorter than 34 bytes (this one has 30)\"}", lines.get(0));
        assertEquals("{\"packet\":1,\"program\":\"x\",\"verdict\":\"pass\"}", lines.get(1));
        assertEquals("{\"packet\":2,\"program\":\"t\",\"verdict\":\"error\",\"error\":\"the kernel's test run refuses tc frames"
                + " of IPv6 shorter than 54 bytes (this one has 50)\"}", lines.get(2));
        assertEquals("{\"packet\":3,\"program\":\"x\",\"verdict\":\"error\",\"error\":\"the kernel's test run refuses frames"
                + " shorter than 14 bytes (this one has 13)\"}", lines.get(5));
        MainTest.Outcome table = MainTest.run("test", rules.toString(), "--pcap", pcap.toString(), "--kernel");
        assertEquals(0, table.code(), table.err());
        assertTrue(table.out().contains("\n        t: the kernel's test run refuses tc frames of IPv4 shorter than 34 bytes (this one has 30)\n"),
                table.out());
        assertFalse(o.out().contains("EINVAL") || table.out().contains("EINVAL"), o.out() + table.out());
    }

    @Test
    void repeatWithoutKernelIsUsage(@TempDir Path dir) throws Exception {
        assertEquals(ExitCodes.USAGE, MainTest.run("test", RULES, "--pcap", capture(dir).toString(), "--repeat", "5").code());
    }
}
