package dev.sluice.tests.dsl;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.dsl.model.Verdict;
import dev.sluice.runtime.Kernel;
import dev.sluice.runtime.LoadedProgram;
import dev.sluice.testing.FrameBuilder;
import dev.sluice.testing.KernelTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Raw bytes at the packet's end (docs/LANGUAGE-RAW-BYTES.md "Raw bytes"): the spec's HTTP {@code GET } rules, a
 * constant and a computed offset, cut at every byte around the read, in the interpreter and the kernel
 * (xdp, tc, cgroup skb and socket filters through BPF_PROG_TEST_RUN): the read holds only when all its
 * bytes are there, and {@code not} of it holds otherwise. About 1 s with the kernel (15 programs, some 400 runs).
 */
class RawBytesBoundaryTest {
    private static final byte[] V4 = FrameBuilder.ethernet().ipv4("198.18.0.1", "198.18.0.2").tcp(40000, 80).payload("GET /").build();
    private static final byte[] V6 = FrameBuilder.ethernet().ipv6("2001:db8::1", "2001:db8::2").tcp(40000, 80).payload("GET /").build();
    /** Where the payload starts: Ethernet, IPv4 or IPv6, TCP without options. */
    private static final int V4_PAYLOAD = 14 + 20 + 20;
    private static final int V6_PAYLOAD = 14 + 40 + 20;

    private static final List<String> RULES = List.of(
            "when payload[0:4] == \"GET \" { drop }",
            "when tcp[((tcp[12] & 0xf0) >> 2):4] == 0x47455420 { drop }",
            "when not payload[1:2] == 0x4554 { drop }");
    private static final List<String> HOOKS = List.of("xdp", "tc ingress", "cgroup egress", "cgroup ingress", "socket");

    /**
     * The first two rules drop exactly the frames holding the 4 bytes after the TCP header; the third, a
     * {@code not}, exactly those that end before payload bytes 1-2 (which are "ET" when there).
     */
    private static Verdict expected(String rule, int length, int payload) {
        if (rule.startsWith("when not")) return length >= payload + 3 ? new Verdict.Pass() : new Verdict.Drop();
        return length >= payload + 4 ? new Verdict.Drop() : new Verdict.Pass();
    }

    private static List<byte[]> cuts(byte[] frame, int payload) {
        List<byte[]> out = new ArrayList<>();
        for (int length = payload - 2; length <= frame.length; length++) out.add(Arrays.copyOf(frame, length));
        return out;
    }

    @Test
    void theInterpreterReadsOnlyWholeBytes() {
        for (String rule : RULES) {
            CompiledProgram p = Scripted.compile("xdp { " + rule + " }").get(0);
            for (byte[] frame : cuts(V4, V4_PAYLOAD)) assertEquals(expected(rule, frame.length, V4_PAYLOAD), p.interpret(frame), rule + ", " + frame.length);
            for (byte[] frame : cuts(V6, V6_PAYLOAD)) assertEquals(expected(rule, frame.length, V6_PAYLOAD), p.interpret(frame), rule + ", " + frame.length);
        }
    }

    @Test
    @KernelTest
    void theKernelReadsOnlyWholeBytes() {
        for (String hook : HOOKS) {
            for (String rule : RULES) {
                CompiledProgram compiled = Scripted.compile(hook + " { " + rule + " }").get(0);
                try (LoadedProgram loaded = Kernel.load(compiled)) {
                    check(hook, rule, loaded, compiled, V4, V4_PAYLOAD);
                    check(hook, rule, loaded, compiled, V6, V6_PAYLOAD);
                }
            }
        }
    }

    private static void check(String hook, String rule, LoadedProgram loaded, CompiledProgram compiled, byte[] whole, int payload) {
        for (byte[] frame : cuts(whole, payload)) {
            Verdict want = expected(rule, frame.length, payload);
            assertEquals(want, loaded.testRun(frame), hook + ": " + rule + ", " + frame.length + " bytes");
            assertEquals(want, compiled.interpret(frame), hook + " (interpreter): " + rule + ", " + frame.length + " bytes");
        }
    }
}
