package dev.sluice.runtime;

import dev.sluice.compiler.testing.LoweredFilters;
import dev.sluice.compiler.hooks.ContextAccess;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.compiler.codegen.PacketParser;
import dev.sluice.compiler.lower.Condition;
import dev.sluice.compiler.lower.FilterProgram;
import dev.sluice.compiler.lower.Statement;
import dev.sluice.compiler.lower.ValueSet;
import dev.sluice.runtime.testing.CgroupDir;
import dev.sluice.runtime.testing.KernelRequirement;
import dev.sluice.runtime.testing.Shell;
import dev.sluice.runtime.testing.VethPair;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Compiled filters on real traffic: `when udp.dport == P { count 0; drop }` per hook, and a set of sources. */
class CompiledFilterTrafficTest {
    static final int PORT = 7000;

    @BeforeEach
    void kernel() {
        KernelRequirement.bpf();
    }

    static FilterProgram dropUdpTo(int port, ContextAccess access, int drop, int pass) {
        return new FilterProgram(access, List.of(new Statement.When(
                new Condition.Compare(PacketField.UDP_DPORT, Condition.CompareOp.EQ, port),
                List.of(new Statement.Count(0), new Statement.Verdict(drop)))), pass, 1);
    }

    @Test
    void xdpDropsOnlyTheMatchingPort() {
        try (VethPair pair = VethPair.create();
             LoadedFilter filter = LoadedFilter.load("xdp_1", ProgramType.XDP,
                     LoweredFilters.image(dropUdpTo(PORT, ContextAccess.XDP, 1, 2)));
             Link link = NetworkNamespace.call(pair.namespaceA(),
                     () -> Attach.xdp(filter.program(), pair.interfaceA(), XdpMode.NATIVE))) {
            long before = pair.udpReceivedByA();
            pair.sendUdpToA(300, PORT, 16);
            pair.sendUdpToA(200, PORT + 1, 16);
            assertEquals(200, pair.udpReceivedByA() - before);
            assertEquals(300, filter.counter(0));
        }
    }

    @Test
    void tcEgressDrops() {
        try (VethPair pair = VethPair.create();
             LoadedFilter filter = LoadedFilter.load("tc_egress_1", ProgramType.SCHED_CLS,
                     LoweredFilters.image(dropUdpTo(PORT, ContextAccess.SKB, 2, 0)));
             Link link = NetworkNamespace.call(pair.namespaceB(),
                     () -> Attach.tcx(filter.program(), pair.interfaceB(), Attach.Direction.EGRESS))) {
            long before = pair.udpReceivedByA();
            pair.sendUdpToA(150, PORT, 16);
            pair.sendUdpToA(50, PORT + 1, 16);
            assertEquals(50, pair.udpReceivedByA() - before);
            assertEquals(150, filter.counter(0));
        }
    }

    @Test
    void cgroupEgressDropsFromTheCgroupOnly() {
        try (VethPair pair = VethPair.create(); CgroupDir cgroup = CgroupDir.create();
             LoadedFilter filter = LoadedFilter.load("cgroup_egress_1", ProgramType.CGROUP_SKB,
                     LoweredFilters.image(dropUdpTo(PORT, ContextAccess.SKB_NETWORK, 0, 1)));
             Link link = Attach.cgroup(filter.program(), cgroup.path(), Attach.CgroupHook.EGRESS)) {
            String send = cgroup.join() + "exec ip netns exec " + pair.namespaceB() + " bash -c 'exec 3>/dev/udp/"
                    + VethPair.ADDRESS_A + "/%d; printf x >&3'";
            Shell.Result blocked = Shell.tryRun("bash", "-c", String.format(send, PORT));
            assertTrue(blocked.output().contains("Operation not permitted"), blocked.output());
            assertEquals(0, Shell.tryRun("bash", "-c", String.format(send, PORT + 1)).exitCode());
            assertEquals(1, filter.counter(0));
        }
    }

    /** Frames received by an interface, from its statistics. */
    static long rxPackets(String namespace, String ifname) {
        String out = Shell.run("ip", "-n", namespace, "-s", "link", "show", "dev", ifname);
        String[] lines = out.split("\n");
        for (int i = 0; i < lines.length - 1; i++) {
            if (lines[i].trim().startsWith("RX:")) return Long.parseLong(lines[i + 1].trim().split("\\s+")[1]);
        }
        throw new IllegalStateException("no RX statistics for " + ifname + ": " + out);
    }

    static FilterProgram udpTo(int port, Statement action) {
        return new FilterProgram(ContextAccess.XDP, List.of(new Statement.When(
                new Condition.Compare(PacketField.UDP_DPORT, Condition.CompareOp.EQ, port), List.of(new Statement.Count(0), action))),
                2, 1, List.of(), List.of(), action instanceof Statement.Redirect ? List.of("target") : List.of());
    }

    @Test
    void redirectTestRunsReturnXdpRedirect() {
        try (LoadedFilter filter = LoadedFilter.load("xdp_1", ProgramType.XDP, LoweredFilters.image(udpTo(PORT, new Statement.Redirect(0))),
                name -> 1)) {
            byte[] frame = new byte[42];
            frame[12] = 8;
            frame[14] = 0x45;
            frame[23] = 17;
            frame[36] = (byte) (PORT >> 8);
            frame[37] = (byte) PORT;
            assertEquals(4, filter.program().testRun(frame).retval());
            assertEquals(1, filter.counter(0));
        }
    }

    @Test
    void xdpRedirectsToAnotherInterface() {
        try (VethPair in = VethPair.create(); VethPair out = VethPair.create()) {
            // Move the second pair's A end next to the first pair's A end: the redirect target.
            Shell.run("ip", "-n", out.namespaceA(), "link", "set", out.interfaceA(), "netns", in.namespaceA());
            Shell.run("ip", "-n", in.namespaceA(), "link", "set", out.interfaceA(), "up");
            {
                var compiled = LoweredFilters.image(udpTo(PORT, new Statement.Redirect(0)));
                try (LoadedFilter filter = LoadedFilter.load("xdp_1", ProgramType.XDP, compiled,
                             name -> NetworkNamespace.call(in.namespaceA(), () -> Interfaces.index(out.interfaceA())));
                     Link link = NetworkNamespace.call(in.namespaceA(),
                             () -> Attach.xdp(filter.program(), in.interfaceA(), XdpMode.GENERIC))) {
                    long before = rxPackets(out.namespaceB(), out.interfaceB());
                    long delivered = in.udpReceivedByA();
                    in.sendUdpToA(80, PORT, 8);
                    in.sendUdpToA(20, PORT + 1, 8);
                    assertEquals(20, in.udpReceivedByA() - delivered, "only the other port reaches A's stack");
                    assertEquals(80, filter.counter(0));
                    long arrived = rxPackets(out.namespaceB(), out.interfaceB()) - before;
                    assertEquals(80, arrived, "redirected frames arrive at the other pair's far end");
                }
            }
        }
    }

    @Test
    void xdpTxSendsBackAndAbortDrops() {
        try (VethPair pair = VethPair.create();
             LoadedFilter tx = LoadedFilter.load("xdp_tx", ProgramType.XDP, LoweredFilters.image(udpTo(PORT, new Statement.Verdict(3))));
             LoadedFilter abort = LoadedFilter.load("xdp_abort", ProgramType.XDP, LoweredFilters.image(udpTo(PORT, new Statement.Verdict(0))))) {
            try (Link link = NetworkNamespace.call(pair.namespaceA(), () -> Attach.xdp(tx.program(), pair.interfaceA(), XdpMode.GENERIC))) {
                long backAtB = rxPackets(pair.namespaceB(), pair.interfaceB());
                long delivered = pair.udpReceivedByA();
                pair.sendUdpToA(60, PORT, 8);
                assertEquals(0, pair.udpReceivedByA() - delivered);
                assertEquals(60, rxPackets(pair.namespaceB(), pair.interfaceB()) - backAtB, "bounced back out of A to B");
            }
            try (Link link = NetworkNamespace.call(pair.namespaceA(), () -> Attach.xdp(abort.program(), pair.interfaceA(), XdpMode.GENERIC))) {
                long delivered = pair.udpReceivedByA();
                pair.sendUdpToA(40, PORT, 8);
                pair.sendUdpToA(10, PORT + 1, 8);
                assertEquals(10, pair.udpReceivedByA() - delivered);
                assertEquals(40, abort.counter(0));
            }
        }
    }

    /** socket: `when udp.dport == P { pass }` else drop, on an AF_PACKET socket: only the matching frames arrive, whole. */
    @Test
    void socketFilterKeepsOnlyTheMatchingPort() {
        FilterProgram program = new FilterProgram(ContextAccess.SOCKET, List.of(new Statement.When(
                new Condition.Compare(PacketField.UDP_DPORT, Condition.CompareOp.EQ, PORT), List.of(new Statement.Verdict(-1)))), 0, 1);
        try (VethPair pair = VethPair.create();
             LoadedFilter filter = LoadedFilter.load("socket_1", ProgramType.SOCKET_FILTER, LoweredFilters.image(program))) {
            PacketSocket socket = NetworkNamespace.call(pair.namespaceA(), () -> PacketSocket.open(pair.ifindexA()));
            try (socket; Link link = Attach.socketFilter(filter.program(), socket.fd())) {
                while (socket.receive(2048, 50).isPresent()) { }
                pair.sendUdpToA(15, PORT + 1, 100);
                pair.sendUdpToA(25, PORT, 100);
                int received = 0;
                java.util.Optional<PacketSocket.Frame> frame;
                while ((frame = socket.receive(2048, 300)).isPresent()) {
                    assertEquals(14 + 20 + 8 + 100, frame.get().length(), "kept whole");
                    received++;
                }
                assertEquals(25, received);
            }
        }
    }

    @Test
    void aPrefixSetInAMapFiltersSources() {
        // when ip.src in { 198.18.0.2/32 } { drop }: the peer's address is in the set's hash and directory.
        ValueSet peers = new ValueSet("peers", PacketField.IP_SRC, ValueSet.Kind.PREFIX,
                List.of(new ValueSet.Member(0xc6120002L, 0, 32)));
        FilterProgram program = new FilterProgram(ContextAccess.XDP, List.of(new Statement.When(
                new Condition.InSet(PacketField.IP_SRC, 0), List.of(new Statement.Count(0), new Statement.Verdict(1)))),
                2, 1, List.of(peers));
        try (VethPair pair = VethPair.create();
             LoadedFilter filter = LoadedFilter.load("xdp_1", ProgramType.XDP, LoweredFilters.image(program));
             Link link = NetworkNamespace.call(pair.namespaceA(),
                     () -> Attach.xdp(filter.program(), pair.interfaceA(), XdpMode.GENERIC))) {
            long before = pair.udpReceivedByA();
            pair.sendUdpToA(100, PORT, 8);
            assertEquals(0, pair.udpReceivedByA() - before);
            assertEquals(100, filter.counter(0));
            // Updating the set without a reload (the hash key and the directory entry, as a live set does): traffic flows.
            new dev.sluice.compiler.SetWrites("peers", filter.image().maps(), filter.image().maps().sets(),
                    new KernelSetMaps(filter.maps())).remove("198.18.0.2");
            pair.sendUdpToA(100, PORT, 8);
            assertEquals(100, pair.udpReceivedByA() - before);
        }
    }
}
