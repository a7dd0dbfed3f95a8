package dev.sluice.tests.dsl;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.dsl.model.Verdict;
import dev.sluice.runtime.Kernel;
import dev.sluice.runtime.LoadedProgram;
import dev.sluice.testing.FrameBuilder;
import dev.sluice.testing.KernelTest;
import dev.sluice.tests.reference.ParsedPacket;
import dev.sluice.tests.reference.ReferenceParser;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Raw bytes in socket filters (docs/LANGUAGE-RAW-BYTES.md "Raw bytes"), which copy them with
 * bpf_skb_load_bytes_relative from the network header: every header a socket sees, a computed offset,
 * operands kept across the helper call (a sum nested four deep, so that three operands wait while the
 * innermost read runs), a read past the 65,535 bytes and {@code eth}, which a socket filter does not
 * see. Each rule runs on frames cut at every byte from the shortest the kernel takes, and the reference
 * parse's reading of the same bytes decides the verdict: the interpreter and the kernel
 * (BPF_PROG_TEST_RUN on a socket filter) must agree with it. About 1 s with the kernel.
 */
class SocketRawBytesTest {
    private static final int ETHERNET = 14;

    /** A frame, its EtherType and the shortest cut the kernel runs a socket filter on. */
    private record Frame(String name, byte[] bytes, int etherType, int shortest) {}

    private static final List<Frame> FRAMES = List.of(
            new Frame("ipv4 tcp", FrameBuilder.ethernet().ipv4("198.18.0.1", "198.18.0.2").tcp(40000, 80).flags(0x18).payload("GET /").build(), 0x0800, 34),
            new Frame("ipv6 tcp", FrameBuilder.ethernet().ipv6("2001:db8::1", "2001:db8::2").tcp(40000, 80).flags(0x18).payload("GET /").build(), 0x86dd, 54),
            new Frame("ipv4 udp", FrameBuilder.ethernet().ipv4("198.18.0.1", "198.18.0.2").udp(5353, 53).payload("DNS?x").build(), 0x0800, 34),
            new Frame("ipv4 icmp", FrameBuilder.ethernet().ipv4("198.18.0.1", "198.18.0.2").icmp(8, 0).payload("ping").build(), 0x0800, 34),
            new Frame("arp", FrameBuilder.ethernet().arp().build(), 0x0806, ETHERNET + 20));

    /** A rule and, from the reference's reading of the packet, whether it drops. */
    private record Case(String rule, Predicate<ParsedPacket> drops) {}

    private static boolean is(ParsedPacket p, String header, long offset, int size, long value) {
        return p.raw(header, offset, size).filter(v -> v == value).isPresent();
    }

    /** ip[9] + (tcp[13] + (payload[0] + payload[1])) by the reference, when all four are there. */
    private static Optional<Long> nestedSum(ParsedPacket p) {
        Optional<Long> proto = p.raw("ip", 9, 1);
        Optional<Long> flags = p.raw("tcp", 13, 1);
        Optional<Long> first = p.raw("payload", 0, 1);
        Optional<Long> second = p.raw("payload", 1, 1);
        if (proto.isEmpty() || flags.isEmpty() || first.isEmpty() || second.isEmpty()) return Optional.empty();
        return Optional.of(proto.get() + flags.get() + first.get() + second.get());
    }

    private static final long NESTED = 6 + 0x18 + 'G' + 'E';

    private static final List<Case> CASES = List.of(
            new Case("when payload[0:4] == \"GET \" { drop }", p -> is(p, "payload", 0, 4, 0x47455420L)),
            new Case("when tcp[((tcp[12] & 0xf0) >> 2):4] == 0x47455420 { drop }",
                    p -> p.raw("tcp", 12, 1).map(h -> is(p, "tcp", (h & 0xf0) >> 2, 4, 0x47455420L)).orElse(false)),
            new Case("when ip[9] + (tcp[13] + (payload[0] + payload[1])) == " + NESTED + " { drop }",
                    p -> nestedSum(p).filter(v -> v == NESTED).isPresent()),
            new Case("when ip[12:4] == 0xc6120001 and ip[16:4] == 0xc6120002 { drop }",
                    p -> is(p, "ip", 12, 4, 0xc6120001L) && is(p, "ip", 16, 4, 0xc6120002L)),
            new Case("when ip6[8:4] == 0x20010db8 and ip6[39] == 2 { drop }", p -> is(p, "ip6", 8, 4, 0x20010db8L) && is(p, "ip6", 39, 1, 2)),
            new Case("when udp[2:2] == 53 and payload[0:4] == \"DNS?\" { drop }",
                    p -> is(p, "udp", 2, 2, 53) && is(p, "payload", 0, 4, 0x444e533fL)),
            new Case("when icmp[0] == 8 and payload[3] == 0x67 { drop }", p -> is(p, "icmp", 0, 1, 8) && is(p, "payload", 3, 1, 0x67)),
            new Case("when arp[0:2] == 1 and arp[2:2] == 0x0800 { drop }", p -> is(p, "arp", 0, 2, 1) && is(p, "arp", 2, 2, 0x0800)),
            new Case("when eth[0] >= 0 or eth[12:2] == 0x0800 { drop }", p -> p.raw("eth", 0, 1).isPresent()),
            new Case("when not ip[65531:4] == 0 { drop }", p -> p.raw("ip", 65531, 4).isEmpty()));

    private static Verdict expected(Case c, Frame f, int length) {
        byte[] packet = Arrays.copyOfRange(f.bytes(), ETHERNET, length);
        return c.drops().test(ReferenceParser.parseNetwork(packet, f.etherType())) ? new Verdict.Drop() : new Verdict.Pass();
    }

    @Test
    void theReferenceSeesEachRuleHoldOnSomeFrame() {
        // Vacuity guard: every rule but the eth one drops some whole frame.
        for (Case c : CASES) {
            boolean drops = FRAMES.stream().anyMatch(f -> expected(c, f, f.bytes().length) instanceof Verdict.Drop);
            assertEquals(!c.rule().contains("eth["), drops, c.rule());
        }
    }

    @Test
    void theInterpreterAgreesWithTheReference() {
        for (Case c : CASES) {
            CompiledProgram p = Scripted.compile("socket { " + c.rule() + " }").get(0);
            for (Frame f : FRAMES) {
                for (int length = f.shortest(); length <= f.bytes().length; length++) {
                    assertEquals(expected(c, f, length), p.interpret(Arrays.copyOf(f.bytes(), length)), c.rule() + ", " + f.name() + ", " + length);
                }
            }
        }
    }

    @Test
    @KernelTest
    void theKernelAgreesWithTheReference() {
        for (Case c : CASES) {
            CompiledProgram compiled = Scripted.compile("socket { " + c.rule() + " }").get(0);
            try (LoadedProgram loaded = Kernel.load(compiled)) {
                for (Frame f : FRAMES) {
                    for (int length = f.shortest(); length <= f.bytes().length; length++) {
                        byte[] frame = Arrays.copyOf(f.bytes(), length);
                        assertEquals(expected(c, f, length), loaded.testRun(frame), c.rule() + ", " + f.name() + ", " + length + " bytes");
                    }
                }
            }
        }
    }
}
