package dev.sluice.tests.dsl;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.testing.KernelTests;
import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.CounterValue;
import dev.sluice.compiler.InterpretedProgram;
import dev.sluice.runtime.Kernel;
import dev.sluice.runtime.LoadedProgram;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Counts, sums and histograms each fed by two fields of one key type, in the kernel
 * (BPF_PROG_TEST_RUN, as XDP and as tc) and in the interpreter: one map per name, both feeders'
 * keys in it (the per-CPU array of u8 keys as well as the hashes).
 */
class SharedKeyKernelTest {
    static final String RULES = """
            xdp shared {
              when ip { count proto by ip.proto }
              when ip6 { count proto by ip6.next }
              when tcp { sum bytes pkt.len by tcp.dport }
              when udp { sum bytes pkt.len by udp.dport }
              when tcp { hist sizes pkt.len by (ip.src, tcp.dport) }
              when udp { hist sizes pkt.len by (ip.dst, udp.dport) }
              pass
            }
            """;

    static final byte[] V4_TCP = BoundaryFrames.hex(BoundaryFrames.MACS + "0800" + BoundaryFrames.V4_TCP + BoundaryFrames.TCP_22);
    static final byte[] V4_UDP = BoundaryFrames.hex(BoundaryFrames.MACS + "0800" + BoundaryFrames.V4_UDP + BoundaryFrames.UDP_53);
    static final byte[] V6_UDP = BoundaryFrames.hex(BoundaryFrames.MACS + "86dd" + BoundaryFrames.ipv6(17, 8) + BoundaryFrames.UDP_53);
    static final byte[] V6_ICMP6 = BoundaryFrames.hex(BoundaryFrames.MACS + "86dd" + BoundaryFrames.ipv6(58, 4) + BoundaryFrames.ICMP6_128);

    static CounterValue value(String name, List<Object> key, long value) {
        return new CounterValue(name, Optional.of(key), value);
    }

    /** 54 + 42 + 62 + 62 + 58 bytes: TCP 22 twice (54 each), UDP 53 over IPv4 (42) and IPv6 (62), ICMPv6 (58). */
    static final List<CounterValue> EXPECTED = List.of(
            value("bytes", List.of(22L), 108), value("bytes", List.of(53L), 104),
            value("proto", List.of(6L), 2), value("proto", List.of(17L), 2), value("proto", List.of(58L), 1),
            value("sizes", List.of("10.0.0.1", 22L, 6L), 2), value("sizes", List.of("198.18.0.1", 53L, 6L), 1));

    static final List<byte[]> FRAMES = List.of(V4_TCP, V4_UDP, V6_UDP, V6_ICMP6, V4_TCP);

    @Test
    void oneMapPerName() {
        CompiledProgram p = Scripted.compile(RULES).get(0);
        assertEquals(List.of("proto", "bytes", "sizes"), p.image().maps().aggregates().stream().map(k -> k.role().name()).toList());
        assertTrue(p.image().maps().aggregates().get(0).role().arrayBacked());
    }

    @Test
    void theInterpreterCountsBothFeeders() {
        InterpretedProgram in = Scripted.compile(RULES).get(0).interpreter();
        for (byte[] f : FRAMES) in.run(f);
        assertEquals(EXPECTED, in.counters());
    }

    @Test
    void theKernelCountsBothFeedersAsXdp() {
        kernel(RULES);
    }

    @Test
    void theKernelCountsBothFeedersAsTc() {
        kernel(RULES.replace("xdp shared", "tc ingress shared"));
    }

    private static void kernel(String rules) {
        KernelTests.requireBpf();
        try (LoadedProgram loaded = Kernel.load(Scripted.compile(rules).get(0))) {
            for (byte[] f : FRAMES) loaded.testRun(f);
            assertEquals(EXPECTED, loaded.counters());
        }
    }
}
