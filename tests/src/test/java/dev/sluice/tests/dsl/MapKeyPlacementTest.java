package dev.sluice.tests.dsl;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.CounterValue;
import dev.sluice.dsl.model.Verdict;
import dev.sluice.runtime.Kernel;
import dev.sluice.runtime.LoadedProgram;
import dev.sluice.testing.KernelTests;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A keyed count's key is built on the stack while the program still reads parsed fields after it:
 * the key must not overlap the slots those fields (or the inner layer's presence word) live in.
 * The program below reads enough version 2 and inner fields that its last value slots are the spare
 * ones just below the map keys (the inner layer's presence word in the last), then counts by an IPv6
 * address (a 16-byte key) before reading them.
 */
class MapKeyPlacementTest {
    /** 33 later value slots and the inner presence word beside ip6.src's 2: the spare slots fill up to the last. */
    static final String RULES = """
            xdp keys {
              when ip6 { count by_src by ip6.src }
              when inner.eth and inner.ip and inner.tcp and inner.ip.df and not inner.ip.mf and not inner.frag and not inner.vlan
                  and not inner.arp and not inner.ip6 and not inner.udp and not inner.icmp and not inner.sctp and not inner.gre
                  and inner.tcp.dport == 22 and inner.ip.ttl == 64 and vxlan.vni == 42 { drop }
              when vlan.pcp == 7 or vlan.inner == 7 or ip.ihl == 7 or ip.fragoff == 7 or ip6.tclass == 7 or ip6.flow == 7
                  or ip6.plen == 7 or arp.op == 7 or arp.sha == 02:00:00:00:00:99 or arp.tha == 02:00:00:00:00:99
                  or arp.spa == 198.19.0.9 or arp.tpa == 198.19.0.9 or sctp.sport == 7 or sctp.dport == 7 or gre.proto == 7
                  or geneve.vni == 7 or inner.eth.dst == 02:00:00:00:00:99 or inner.eth.src == 02:00:00:00:00:99
                  or inner.eth.type == 7 or inner.ip.tos == 7 or inner.ip.len == 7 or inner.ip.id == 7 or inner.ip.proto == 7
                  or inner.ip.src == 198.19.0.9 or inner.ip.dst == 198.19.0.9 or inner.tcp.sport == 7 or inner.tcp.flags == 7
                  or inner.tcp.win == 7 or inner.ip.ihl == 7 or inner.ip.fragoff == 7 { tx }
              pass
            }
            """;

    /** IPv6, UDP to 4789, VXLAN 42, then an Ethernet frame with IPv4 (don't fragment, ttl 64) and TCP to port 22. */
    static final byte[] FRAME = BoundaryFrames.hex(BoundaryFrames.MACS + "86dd" + BoundaryFrames.ipv6(17, 70)
            + "04d2 12b5 0046 0000" + "08000000 00002a00"
            + BoundaryFrames.MACS + "0800" + "4500 0028 0001 4000 40 06 0000 0a000001 c6120001" + BoundaryFrames.TCP_22);

    static final List<CounterValue> COUNTED = List.of(new CounterValue("by_src", Optional.of(List.of("2001:db8::1")), 1));

    @Test
    void theInterpreterReadsTheInnerFieldsAfterTheCount() {
        CompiledProgram program = Scripted.compile(RULES).get(0);
        var interpreted = program.interpreter();
        assertEquals(new Verdict.Drop(), interpreted.run(FRAME));
        assertEquals(COUNTED, interpreted.counters());
    }

    @Test
    void theKernelReadsTheInnerFieldsAfterTheCount() {
        KernelTests.requireBpf();
        try (LoadedProgram loaded = Kernel.load(Scripted.compile(RULES).get(0))) {
            assertEquals(new Verdict.Drop(), loaded.testRun(FRAME));
            assertEquals(COUNTED, loaded.counters());
        }
    }

    @Test
    void aKeyOverTheStackAreaIsALocatedError() {
        String rules = "xdp big {\n  when ip6 { count flows by (ip6.src, ip6.dst, ip6.src, ip6.dst, ip6.src, ip6.dst, ip6.src, ip6.dst, ip6.src, ip6.dst, ip6.src) }\n  pass\n}\n";
        assertEquals(List.of("test.ebpf:1:1: flows in program big is keyed by 176 bytes (8 per value, 16 per IPv6 address), over the 160"
                + " a key can take on the stack; key it by fewer fields"), Scripted.errors(rules));
    }
}
