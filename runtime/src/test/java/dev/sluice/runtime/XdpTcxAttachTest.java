package dev.sluice.runtime;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.isa.Code;
import dev.sluice.runtime.testing.KernelRequirement;
import dev.sluice.runtime.testing.VethPair;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** XDP and tcx with real traffic across a veth pair between two network namespaces. */
class XdpTcxAttachTest {
    static final int N = 1000;
    static final int PORT = 5555;
    VethPair pair;

    @BeforeEach
    void setUp() {
        KernelRequirement.bpf();
        pair = VethPair.create();
    }

    @AfterEach
    void tearDown() {
        if (pair != null) pair.close();
    }

    static BpfProgram load(String name, ProgramType type, Code code, BpfMap map) {
        return BpfProgram.load(LoadRequest.of(name, type, MapBinding.bind(code, List.of(map))));
    }

    static long hits(BpfMap map) {
        return map.sumU64(Codec.U32.encode(0));
    }

    @Test
    void xdpCountsDropsAndIsReplacedAtomically() {
        try (BpfMap counter = BpfMap.create(TestPrograms.counterMap());
             BpfMap dropped = BpfMap.create(TestPrograms.counterMap());
             BpfProgram count = load("count", ProgramType.XDP, TestPrograms.udpPort(PORT, TestPrograms.XDP_PASS,
                     TestPrograms.XDP_PASS, 0), counter);
             BpfProgram drop = load("drop", ProgramType.XDP, TestPrograms.udpPort(PORT, TestPrograms.XDP_DROP,
                     TestPrograms.XDP_PASS, 0), dropped);
             BpfProgram pass = load("pass", ProgramType.XDP, TestPrograms.countAll(TestPrograms.XDP_PASS), counter)) {
            try (Link link = NetworkNamespace.call(pair.namespaceA(),
                    () -> Attach.xdp(count, pair.interfaceA(), XdpMode.NATIVE))) {
                long before = pair.udpReceivedByA();
                pair.sendUdpToA(N, PORT, 16);
                assertEquals(N, hits(counter));
                assertEquals(N, pair.udpReceivedByA() - before);

                link.update(drop, count);
                before = pair.udpReceivedByA();
                pair.sendUdpToA(N, PORT, 16);
                assertEquals(0, pair.udpReceivedByA() - before);
                assertEquals(N, hits(dropped));

                AttachException wrongOld = assertThrows(AttachException.class, () -> link.update(pass, count));
                assertTrue(wrongOld.getMessage().contains("no longer runs the expected program"), wrongOld.getMessage());
                link.update(pass, drop);
                before = pair.udpReceivedByA();
                pair.sendUdpToA(N, PORT, 16);
                assertEquals(N, pair.udpReceivedByA() - before);
            }
            // Closed: detached, traffic flows and nothing counts.
            long counted = hits(counter);
            pair.sendUdpToA(10, PORT, 16);
            assertEquals(counted, hits(counter));
        }
    }

    @Test
    void xdpGenericModeAndClearErrors() {
        try (BpfMap counter = BpfMap.create(TestPrograms.counterMap());
             BpfProgram count = load("count", ProgramType.XDP, TestPrograms.countAll(TestPrograms.XDP_PASS), counter)) {
            NetworkNamespace.call(pair.namespaceA(), () -> {
                try (Link generic = Attach.xdp(count, pair.interfaceA(), XdpMode.GENERIC)) {
                    AttachException busy = assertThrows(AttachException.class,
                            () -> Attach.xdp(count, pair.interfaceA(), XdpMode.NATIVE));
                    assertTrue(busy.getMessage().contains("already attached"), busy.getMessage());
                }
                AttachException offload = assertThrows(AttachException.class,
                        () -> Attach.xdp(count, pair.interfaceA(), XdpMode.OFFLOAD));
                assertTrue(offload.getMessage().contains("offload"), offload.getMessage());
                return null;
            });
            pair.sendUdpToA(5, PORT, 8);
            assertEquals(0, hits(counter));
            assertThrows(IllegalArgumentException.class, () -> Attach.xdp(count, "no-such-if0", XdpMode.GENERIC));
        }
    }

    @Test
    void tcxIngressCountsAndEgressDrops() {
        try (BpfMap ingress = BpfMap.create(TestPrograms.counterMap());
             BpfMap egress = BpfMap.create(TestPrograms.counterMap());
             BpfProgram count = load("tc_count", ProgramType.SCHED_CLS, TestPrograms.udpPort(PORT, TestPrograms.TC_ACT_OK,
                     TestPrograms.TC_ACT_OK, 76), ingress);
             BpfProgram drop = load("tc_drop", ProgramType.SCHED_CLS, TestPrograms.udpPort(PORT, TestPrograms.TC_ACT_SHOT,
                     TestPrograms.TC_ACT_OK, 76), egress);
             BpfProgram pass = load("tc_pass", ProgramType.SCHED_CLS, TestPrograms.countAll(TestPrograms.TC_ACT_OK), egress)) {
            try (Link in = NetworkNamespace.call(pair.namespaceA(),
                    () -> Attach.tcx(count, pair.interfaceA(), Attach.Direction.INGRESS));
                 Link out = NetworkNamespace.call(pair.namespaceB(),
                         () -> Attach.tcx(drop, pair.interfaceB(), Attach.Direction.EGRESS))) {
                long before = pair.udpReceivedByA();
                pair.sendUdpToA(N, PORT, 16);
                assertEquals(N, hits(egress));
                assertEquals(0, hits(ingress));
                assertEquals(0, pair.udpReceivedByA() - before);

                out.update(pass, drop);
                pair.sendUdpToA(N, PORT, 16);
                assertEquals(N, hits(ingress));
                assertEquals(N, pair.udpReceivedByA() - before);
            }
        }
    }
}
