package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.testing.Capture;
import dev.sluice.testing.FrameBuilder;
import dev.sluice.testing.FrameCondition;
import dev.sluice.testing.KernelTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/CLI.md, "Testing rules": --fuzz, --property, --expect, --save-failures and --kernel agreement, as users run them. */
class TestChecksTest {
    static final String RULES = """
            xdp fw {
              when tcp.dport == 22 and not ip.src in 198.18.0.0/15 { count ssh  drop }
              when udp.dport == 53 { pass }
              when tcp.dport in 8000..8100 { drop }
            }
            """;

    @TempDir
    Path dir;

    private String rules() throws Exception {
        Path f = dir.resolve("fw.ebpf");
        Files.writeString(f, RULES);
        return f.toString();
    }

    @Test
    void fuzzIsSeededAndSaysItsSeed() throws Exception {
        MainTest.Outcome a = MainTest.run("test", rules(), "--fuzz", "500", "--seed", "42", "--format", "jsonl");
        MainTest.Outcome b = MainTest.run("test", rules(), "--fuzz", "500", "--seed", "42", "--format", "jsonl");
        MainTest.Outcome c = MainTest.run("test", rules(), "--fuzz", "500", "--seed", "43", "--format", "jsonl");
        assertEquals(0, a.code(), a.err());
        assertEquals("sluice: fuzzing with --seed 42\n", a.err());
        assertEquals(a.out(), b.out());
        assertNotEquals(a.out(), c.out());
        assertEquals(500, a.out().lines().filter(l -> l.startsWith("{\"packet\":")).count());
        assertTrue(a.out().lines().anyMatch(l -> l.equals("{\"packet\":500,\"program\":\"fw\",\"verdict\":\"drop\"}")
                || l.equals("{\"packet\":500,\"program\":\"fw\",\"verdict\":\"pass\"}")));
        MainTest.Outcome unseeded = MainTest.run("test", rules(), "--fuzz", "3");
        assertTrue(unseeded.err().matches("sluice: fuzzing with --seed -?[0-9]+\n"), unseeded.err());
    }

    @Test
    void aPropertyThatHoldsExitsZero() throws Exception {
        MainTest.Outcome o = MainTest.run("test", rules(), "--fuzz", "2000", "--seed", "1", "--format", "jsonl",
                "--property", "fw: udp.dport == 53 => pass", "--property", "fw: tcp.dport == 8050 => drop");
        assertEquals(0, o.code(), o.err());
    }

    /** The property is wrong about the rules (8080 is dropped): the violating frame shrinks to a bare 54-byte TCP segment. */
    @Test
    void aViolatedPropertyPrintsTheShrunkFrameAndExitsFive() throws Exception {
        MainTest.Outcome o = MainTest.run("test", rules(), "--fuzz", "2000", "--seed", "7", "--format", "jsonl",
                "--property", "fw: udp.dport == 53 => pass", "--property", "fw: tcp.dport == 8080 => pass");
        assertEquals(ExitCodes.TEST_FAILED, o.code(), o.err());
        List<String> err = o.err().lines().toList();
        assertEquals(4, err.size(), o.err());
        assertTrue(err.get(1).startsWith("sluice: property \"fw: tcp.dport == 8080 => pass\" fails on packet "), err.get(1));
        assertTrue(err.get(1).endsWith("frames); smallest failing frame, 54 bytes: fw gives drop, not pass"), err.get(1));
        assertTrue(err.get(2).matches("  IP [0-9.]+ > [0-9.]+\\.8080: Flags \\[[^]]*\\], length 0"), err.get(2));
        byte[] shrunk = java.util.HexFormat.of().parseHex(err.get(3).strip());
        assertEquals(54, shrunk.length);
        assertTrue(FrameCondition.parse("tcp.dport == 8080 and not vlan").holds(shrunk));
    }

    @Test
    void aCapturedFrameShrinksToItsShortestFailingPrefixAndIsSaved() throws Exception {
        byte[] ssh = FrameBuilder.ethernet().ipv4("10.9.9.9", "198.18.0.1").tcp(40000, 22).payload("some payload").build();
        byte[] dns = FrameBuilder.ethernet().ipv4("10.9.9.9", "198.18.0.1").udp(4000, 53).build();
        Path pcap = dir.resolve("in.pcap");
        Capture.of(List.of(dns, ssh)).write(pcap);
        Path failures = dir.resolve("failures.pcap");
        MainTest.Outcome o = MainTest.run("test", rules(), "--pcap", pcap.toString(), "--property", "fw: tcp => pass",
                "--save-failures", failures.toString());
        assertEquals(ExitCodes.TEST_FAILED, o.code(), o.err());
        assertTrue(o.err().startsWith("sluice: property \"fw: tcp => pass\" fails on packet 2 (1 of 2 frames); smallest failing frame, "
                + "54 bytes: fw gives drop, not pass\n"), o.err());
        List<byte[]> saved = Capture.read(failures).frames();
        assertEquals(2, saved.size());
        assertArrayEquals(java.util.Arrays.copyOf(ssh, 54), saved.get(0), "the shrunk frame first");
        assertArrayEquals(ssh, saved.get(1), "then the frame as captured");
    }

    @Test
    void expectComparesTheJsonlLinesAndPrintsTheDifference() throws Exception {
        Path expected = dir.resolve("e.jsonl");
        MainTest.Outcome first = MainTest.run("test", rules(), "--fuzz", "50", "--seed", "5", "--format", "jsonl");
        Files.writeString(expected, first.out());
        MainTest.Outcome same = MainTest.run("test", rules(), "--fuzz", "50", "--seed", "5", "--expect", expected.toString());
        assertEquals(0, same.code(), same.err());
        List<String> lines = new java.util.ArrayList<>(first.out().lines().toList());
        String changed = lines.get(2).contains("\"drop\"") ? lines.get(2).replace("\"drop\"", "\"pass\"") : lines.get(2).replace("\"pass\"", "\"drop\"");
        String original = lines.set(2, changed);
        Files.write(expected, lines);
        MainTest.Outcome differs = MainTest.run("test", rules(), "--fuzz", "50", "--seed", "5", "--format", "jsonl", "--expect", expected.toString());
        assertEquals(ExitCodes.TEST_FAILED, differs.code(), differs.err());
        assertEquals(first.out(), differs.out());
        assertTrue(differs.err().endsWith("sluice: the output differs from " + expected + " in 1 line (-expected, +this run)\n--- " + expected
                + "\n+++ this run\n@@ line 3 @@\n-" + changed + "\n+" + original + "\n"), differs.err());
        MainTest.Outcome missing = MainTest.run("test", rules(), "--fuzz", "5", "--expect", dir.resolve("none.jsonl").toString());
        assertEquals(ExitCodes.BAD_INPUT, missing.code(), missing.err());
    }

    /** With --kernel every frame runs in the interpreter too; on 3000 random frames the two agree, and the property holds in the kernel. */
    @Test
    @KernelTest
    void theKernelAndTheInterpreterAgreeOnFuzzedFrames() throws Exception {
        Path failures = dir.resolve("none.pcap");
        MainTest.Outcome o = MainTest.run("test", rules(), "--fuzz", "3000", "--seed", "11", "--kernel", "--format", "jsonl",
                "--property", "fw: udp.dport == 53 => pass", "--save-failures", failures.toString());
        assertEquals(0, o.code(), o.err());
        assertEquals(List.of(), Capture.read(failures).frames());
        MainTest.Outcome wrong = MainTest.run("test", rules(), "--fuzz", "3000", "--seed", "11", "--kernel", "--format", "jsonl",
                "--property", "fw: tcp.dport == 22 => drop");
        assertEquals(ExitCodes.TEST_FAILED, wrong.code(), wrong.err());
        assertTrue(wrong.err().contains("smallest failing frame, 54 bytes: fw gives pass, not drop"), wrong.err());
    }
}
