package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.testing.KernelTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples: the script and its Java twin compile to the same bytes, and both back ends agree on the sample capture. */
class ExamplesTest {
    static final Path EXAMPLES = Path.of("..", "examples");
    static final String SCRIPT = EXAMPLES.resolve("firewall.ebpf").toString();
    static final String JAVA = EXAMPLES.resolve("Firewall.java").toString();
    static final String PCAP = EXAMPLES.resolve("sample.pcap").toString();

    @Test
    void theScriptAndTheJavaDslCompileToIdenticalBytes() {
        for (String emit : List.of("hex", "json")) {
            MainTest.Outcome script = MainTest.run("compile", SCRIPT, "--emit", emit);
            MainTest.Outcome java = MainTest.run("compile", JAVA, "--emit", emit);
            assertEquals(0, script.code(), script.err());
            assertEquals(0, java.code(), java.err());
            assertEquals(script.out(), java.out(), emit);
        }
    }

    @Test
    void theSampleCaptureGivesTheExpectedVerdicts() {
        MainTest.Outcome o = MainTest.run("test", SCRIPT, "--pcap", PCAP, "--format", "jsonl");
        assertEquals(0, o.code(), o.err());
        List<String> firewall = o.out().lines().filter(l -> l.contains("\"program\":\"firewall\",\"verdict\""))
                .map(l -> l.replaceAll(".*\"verdict\":\"([a-z]+)\".*", "$1")).toList();
        assertEquals(List.of("drop", "pass", "drop", "pass", "drop", "pass", "pass", "pass"), firewall);
        assertTrue(o.out().contains("{\"packet\":8,\"program\":\"shaper\",\"verdict\":\"drop\"}"), o.out());
        assertTrue(o.out().endsWith("{\"counter\":\"blocked_hits\",\"program\":\"firewall\",\"value\":1}\n"
                + "{\"counter\":\"dns\",\"program\":\"firewall\",\"value\":2}\n"), o.out());
    }

    @Test
    @KernelTest
    void interpreterAndKernelPrintIdenticalJsonl() {
        for (String rules : List.of(SCRIPT, JAVA)) {
            MainTest.Outcome interpreted = MainTest.run("test", rules, "--pcap", PCAP, "--format", "jsonl");
            MainTest.Outcome kernel = MainTest.run("test", rules, "--pcap", PCAP, "--format", "jsonl", "--kernel");
            assertEquals(0, kernel.code(), kernel.err());
            assertEquals(interpreted.out(), kernel.out(), rules);
        }
    }

    @Test
    @KernelTest
    void theKernelAcceptsEveryExampleProgram() {
        MainTest.Outcome o = MainTest.run("check", SCRIPT, "--format", "json");
        assertEquals(0, o.code(), o.err());
        assertEquals(2, o.out().lines().filter(l -> l.endsWith("\"accepted\":true}")).count(), o.out());
    }

    /** Every trace hook of the examples passes the verifier; a kprobe cannot attach on this kernel, and run says so. */
    @Test
    @KernelTest
    void traceExamplesPassTheVerifierAndKprobesSayWhyTheyCannotRun() {
        for (String example : List.of("trace.ebpf", "kprobe.ebpf")) {
            MainTest.Outcome o = MainTest.run("check", EXAMPLES.resolve(example).toString(), "--format", "json");
            assertEquals(0, o.code(), o.err());
            assertTrue(o.out().lines().allMatch(l -> l.endsWith("\"accepted\":true}")), o.out());
        }
        if (!java.nio.file.Files.exists(Path.of("/sys/bus/event_source/devices/kprobe"))) {
            MainTest.Outcome run = MainTest.run("run", EXAMPLES.resolve("kprobe.ebpf").toString(), "--duration", "1");
            assertEquals(ExitCodes.KERNEL_REFUSED, run.code(), run.err());
            assertTrue(run.err().contains("no kprobe support"), run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
        }
    }

    @Test
    void scriptErrorsAreReportedTogetherWithTheirLines(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("bad.ebpf");
        Files.writeString(script, "xdp fw {\n    when tcp.dport == 70000 { drop }\n    when tcp.dprot == 22 { drop }\n}\n"
                + "cgroup egress { when udp { tx } }\n");
        MainTest.Outcome o = MainTest.run("compile", script.toString(), "--emit", "asm");
        assertEquals(ExitCodes.SCRIPT_ERROR, o.code());
        assertTrue(o.err().contains(script + ":2:23: 70000 is out of range for tcp.dport (0 to 65535)\n"
                + "      when tcp.dport == 70000 { drop }\n"
                + "                        ^\n"), o.err());
        assertTrue(o.err().contains(script + ":3:10: unknown field tcp.dprot in xdp programs; did you mean tcp.dport?"), o.err());
        assertTrue(o.err().contains(script + ":5:28: tx is not a verdict of cgroup_egress programs"), o.err());
        assertEquals("", o.out());
    }

    @Test
    void aBadSetFileLineNamesTheSetFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("nets.txt"), "10.0.0.1\n# ok\n10.1.2.3/8\n");
        Path script = dir.resolve("s.ebpf");
        Files.writeString(script, "set nets = file \"nets.txt\"\nxdp { when ip.src in nets { drop } }\n");
        MainTest.Outcome o = MainTest.run("compile", script.toString(), "--emit", "asm");
        assertEquals(ExitCodes.SCRIPT_ERROR, o.code());
        assertTrue(o.err().contains("nets.txt:3:1: '10.1.2.3/8' has host bits set; the network is 10.0.0.0/8"), o.err());
        assertTrue(o.err().contains("  10.1.2.3/8\n  ^^^^^^^^^^"), o.err());
    }
}
