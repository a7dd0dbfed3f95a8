package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.runtime.testing.KernelRequirement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --filter 'EXPR'} on compile, check and test, as a user types it (docs/CLI.md, "tcpdump filter expressions"). */
class FilterOptionTest {
    @Test
    void testPrintsPassForWhatTheFilterMatches(@TempDir Path dir) throws Exception {
        MainTest.Outcome o = MainTest.run("test", "--filter", "tcp dst port 22 or udp port 53", "--pcap",
                TestCommandTest.capture(dir).toString(), "--format", "jsonl");
        assertEquals(0, o.code(), o.err());
        List<String> verdicts = o.out().lines().map(l -> l.replaceAll(".*\"verdict\":\"(\\w+)\".*", "$1")).toList();
        assertEquals(List.of("pass", "drop", "pass", "drop", "drop", "drop"), verdicts);
    }

    @Test
    void theKernelAgrees(@TempDir Path dir) throws Exception {
        KernelRequirement.bpf();
        Path pcap = TestCommandTest.capture(dir);
        MainTest.Outcome interpreted = MainTest.run("test", "--filter", "tcp[tcpflags] & tcp-ack = 0", "--pcap", pcap.toString(), "--format", "jsonl");
        MainTest.Outcome kernel = MainTest.run("test", "--filter", "tcp[tcpflags] & tcp-ack = 0", "--pcap", pcap.toString(), "--format", "jsonl", "--kernel");
        assertEquals(0, kernel.code(), kernel.err());
        assertEquals(interpreted.out(), kernel.out());
        assertTrue(interpreted.out().contains("\"verdict\":\"drop\""), interpreted.out());
    }

    @Test
    void compileWritesOneProgramWithTheAction(@TempDir Path dir) {
        Path out = dir.resolve("f.o");
        MainTest.Outcome o = MainTest.run("compile", "--filter", "vlan 7 and tcp port 22", "--hook", "tc-ingress", "--action", "pass", "-o", out.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(Files.exists(out));
        MainTest.Outcome asm = MainTest.run("compile", "--filter", "ip", "--emit", "asm");
        assertEquals(0, asm.code(), asm.err());
        assertTrue(asm.out().startsWith("xdp xdp_1:"), asm.out());
    }

    @Test
    void checkRunsTheVerifier() {
        MainTest.Outcome o = MainTest.run("check", "--filter", "tcp[((tcp[12] & 0xf0) >> 2):4] = 0x47455420");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("accepted"), o.out());
    }

    @Test
    void aBadFilterIsALocatedErrorAndWritesNothing(@TempDir Path dir) {
        Path out = dir.resolve("f.o");
        MainTest.Outcome o = MainTest.run("compile", "--filter", "tcp port ssh", "-o", out.toString());
        assertEquals(1, o.code());
        assertTrue(o.err().startsWith("<filter>:1:10: port names need the services database"), o.err());
        assertFalse(o.err().contains("Exception"), o.err());
        assertFalse(Files.exists(out));
        MainTest.Outcome inbound = MainTest.run("check", "--filter", "inbound");
        assertEquals(1, inbound.code());
        assertTrue(inbound.err().startsWith("<filter>:1:1: `inbound` needs the capture's direction"), inbound.err());
    }

    @Test
    void aHookWithoutEthernetFramesIsRefused() {
        MainTest.Outcome o = MainTest.run("check", "--filter", "tcp", "--hook", "cgroup-ingress");
        assertEquals(1, o.code());
        assertTrue(o.err().startsWith("<filter>:1:1: pcap filters need Ethernet frames"), o.err());
    }

    @Test
    void fileAndFilterTogetherOrNeitherIsAUsageError(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("r.ebpf");
        Files.writeString(rules, "xdp { drop }\n");
        MainTest.Outcome both = MainTest.run("check", rules.toString(), "--filter", "tcp");
        assertEquals(2, both.code());
        assertTrue(both.err().startsWith("sluice: give a rules FILE or --filter 'EXPR', not both"), both.err());
        MainTest.Outcome neither = MainTest.run("compile");
        assertEquals(2, neither.code());
        assertTrue(neither.err().startsWith("sluice: "), neither.err());
        MainTest.Outcome hook = MainTest.run("check", "--filter", "tcp", "--hook", "kprobe");
        assertEquals(2, hook.code());
    }

    @Test
    void aScriptsPcapConditionIsLocatedInTheScript(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("r.ebpf");
        Files.writeString(rules, "xdp {\n  when pcap \"tcp and gateway 1.2.3.4\" and ip.ttl < 5 { drop }\n}\n");
        MainTest.Outcome o = MainTest.run("check", rules.toString());
        assertEquals(1, o.code());
        assertTrue(o.err().startsWith(rules + ":2:22: `gateway` needs"), o.err());
        Files.writeString(rules, "xdp {\n  when pcap \"tcp port 22\" and ip.ttl < 5 { drop }\n}\n");
        assertEquals(0, MainTest.run("check", rules.toString()).code());
    }
}
