package dev.sluice.runtime;

import static dev.sluice.dsl.Sluice.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.dsl.model.NamedSet;
import dev.sluice.dsl.model.Program;
import dev.sluice.runtime.testing.Bpffs;
import dev.sluice.runtime.testing.KernelRequirement;
import dev.sluice.runtime.testing.Shell;
import dev.sluice.runtime.testing.VethPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Applied rules on a private bpffs: they outlive their descriptors, are replaced in place, and leave nothing when removed. */
class AppliedRulesTest {
    static final int PORT = 7000;

    @BeforeEach
    void kernel() {
        KernelRequirement.bpf();
    }

    static List<CompiledProgram> dropping(int... ports) {
        long[] values = java.util.Arrays.stream(ports).asLongStream().toArray();
        return List.of(SluiceCompiler.compile(xdp("fw").when(udp().dport().in(values)).count("dropped").drop()));
    }

    static ApplyRequest request(Path root, VethPair pair, List<CompiledProgram> programs, Map<String, List<String>> replaced,
                                List<ApplyStep> steps) {
        return new ApplyRequest(root, "t1", "/rules/fw.ebpf", "0".repeat(64), "xdp fw { }", programs,
                new AttachPoints(List.of(pair.interfaceA()), Optional.of(pair.namespaceA()), XdpMode.GENERIC, Optional.empty()),
                replaced, before -> Map.of(), steps::add);
    }

    static long counter(Path root, CompiledProgram compiled) {
        try (AppliedRules applied = AppliedRules.open(root, "t1").orElseThrow()) {
            return applied.program(compiled).counter("dropped");
        }
    }

    static int linkProgramId(Path root) {
        Path gen = AppliedLayout.of(root, "t1").currentFolder().orElseThrow();
        Path pin = AppliedLayout.linkPins(AppliedLayout.program(gen, "fw")).get(0);
        try (Link link = Link.openPinned(pin, "fw")) {
            return link.programId();
        }
    }

    @Test
    void reapplySwapsTheProgramInPlaceAndKeepsTheCounter() {
        try (Bpffs fs = Bpffs.mount(); VethPair pair = VethPair.create()) {
            Path root = fs.path().resolve("sluice");
            List<ApplyStep> steps = new ArrayList<>();
            AppliedRules.apply(request(root, pair, dropping(PORT), Map.of(), steps));
            assertEquals(List.of(ApplyStep.values()).stream().filter(s -> s != ApplyStep.SWAPPING).toList(), steps,
                    "a first apply has no link to swap");
            long before = pair.udpReceivedByA();
            pair.sendUdpToA(100, PORT, 16);
            pair.sendUdpToA(50, PORT + 1, 16);
            assertEquals(50, pair.udpReceivedByA() - before, "the rules run with no descriptor of ours open");
            int firstProgram = linkProgramId(root);

            List<CompiledProgram> wider = dropping(PORT, PORT + 1);
            AppliedRules.apply(request(root, pair, wider, Map.of(), new ArrayList<>()));
            assertNotEquals(firstProgram, linkProgramId(root), "the link runs the new program");
            before = pair.udpReceivedByA();
            pair.sendUdpToA(30, PORT + 1, 16);
            assertEquals(0, pair.udpReceivedByA() - before);
            assertEquals(130, counter(root, wider.get(0)), "the counter carried over and kept counting");
            assertEquals(List.of(2), AppliedLayout.of(root, "t1").generations(), "the old generation is gone");

            assertTrue(AppliedRules.remove(root, "t1"));
            assertFalse(Files.exists(root.resolve("t1")));
            before = pair.udpReceivedByA();
            pair.sendUdpToA(20, PORT, 16);
            assertEquals(20, pair.udpReceivedByA() - before, "nothing is attached after remove");
            assertFalse(AppliedRules.remove(root, "t1"));
        }
    }

    @Test
    void aFailedApplyChangesNothing() {
        try (Bpffs fs = Bpffs.mount(); VethPair pair = VethPair.create()) {
            Path root = fs.path().resolve("sluice");
            AppliedRules.apply(request(root, pair, dropping(PORT), Map.of(), new ArrayList<>()));
            int program = linkProgramId(root);
            ApplyRequest elsewhere = new ApplyRequest(root, "t1", "/rules/fw.ebpf", "0".repeat(64), "", dropping(PORT + 1),
                    new AttachPoints(List.of(pair.interfaceA(), "nosuchif0"), Optional.of(pair.namespaceA()),
                            XdpMode.GENERIC, Optional.empty()), Map.of(), before -> Map.of(), s -> { });
            assertThrows(IllegalArgumentException.class, () -> AppliedRules.apply(elsewhere));
            assertEquals(program, linkProgramId(root));
            assertEquals(List.of(1), AppliedLayout.of(root, "t1").generations());
            long before = pair.udpReceivedByA();
            pair.sendUdpToA(10, PORT, 16);
            pair.sendUdpToA(10, PORT + 1, 16);
            assertEquals(10, pair.udpReceivedByA() - before, "the old rules hold");
            assertTrue(AppliedRules.remove(root, "t1"));
        }
    }

    @Test
    void replacedSetHoldsOnlyTheNewMembersAndCountersCarryOver() {
        NamedSet blocked = set("blocked", "203.0.113.7");
        Program p = xdp("fw").when(ip().src().in(blocked)).count("dropped").drop();
        List<CompiledProgram> programs = List.of(SluiceCompiler.compile(p));
        try (Bpffs fs = Bpffs.mount(); VethPair pair = VethPair.create()) {
            Path root = fs.path().resolve("sluice");
            AppliedRules.apply(request(root, pair, programs, Map.of(), new ArrayList<>()));
            long before = pair.udpReceivedByA();
            pair.sendUdpToA(10, PORT, 16);
            assertEquals(10, pair.udpReceivedByA() - before);
            AppliedRules.apply(request(root, pair, programs, Map.of("blocked", List.of(VethPair.ADDRESS_B)), new ArrayList<>()));
            before = pair.udpReceivedByA();
            pair.sendUdpToA(10, PORT, 16);
            assertEquals(0, pair.udpReceivedByA() - before, "the new member is in the set");
            try (AppliedRules applied = AppliedRules.open(root, "t1").orElseThrow()) {
                LoadedProgram fw = applied.program(programs.get(0));
                assertEquals(10, fw.counter("dropped"));
                assertEquals(dev.sluice.dsl.model.Verdict.Pass.class, fw.testRun(udpFrom(new byte[] {(byte) 203, 0, 113, 7})).getClass(),
                        "the old member is gone");
            }
            assertTrue(AppliedRules.remove(root, "t1"));
        }
    }

    /**
     * An IPv4 named set is a hash and a directory: a reapply carries the hash over (members
     * added and removed at run time included) and fills its new directory from it before the new
     * program is loaded; a replace fills a new hash and directory with only the new members.
     */
    @Test
    void reapplyAndReplaceKeepTheDirectoryInStepWithTheMembers() {
        NamedSet blocked = set("blocked", "203.0.113.0/24");
        List<CompiledProgram> programs = List.of(SluiceCompiler.compile(xdp("fw").when(ip().src().in(blocked)).drop()));
        byte[] script = {(byte) 203, 0, 113, 5};
        byte[] added = {(byte) 192, 0, 3, (byte) 255};
        byte[] removed = {(byte) 203, 0, 5, 1};
        byte[] replacing = {10, 1, 2, 3};
        try (Bpffs fs = Bpffs.mount(); VethPair pair = VethPair.create()) {
            Path root = fs.path().resolve("sluice");
            AppliedRules.apply(request(root, pair, programs, Map.of(), new ArrayList<>()));
            try (AppliedRules applied = AppliedRules.open(root, "t1").orElseThrow()) {
                LiveSet live = applied.program(programs.get(0)).set("blocked");
                live.add("192.0.2.0/23");
                live.add("203.0.0.0/16");
                live.remove("203.0.0.0/16");
            }
            AppliedRules.apply(request(root, pair, programs, Map.of(), new ArrayList<>()));
            try (AppliedRules applied = AppliedRules.open(root, "t1").orElseThrow()) {
                LoadedProgram fw = applied.program(programs.get(0));
                assertEquals(dev.sluice.dsl.model.Verdict.Drop.class, fw.testRun(udpFrom(script)).getClass());
                assertEquals(dev.sluice.dsl.model.Verdict.Drop.class, fw.testRun(udpFrom(added)).getClass(), "added at run time");
                assertEquals(dev.sluice.dsl.model.Verdict.Pass.class, fw.testRun(udpFrom(removed)).getClass(), "removed at run time");
            }
            AppliedRules.apply(request(root, pair, programs, Map.of("blocked", List.of("10.0.0.0/8")), new ArrayList<>()));
            try (AppliedRules applied = AppliedRules.open(root, "t1").orElseThrow()) {
                LoadedProgram fw = applied.program(programs.get(0));
                assertEquals(dev.sluice.dsl.model.Verdict.Drop.class, fw.testRun(udpFrom(replacing)).getClass());
                assertEquals(dev.sluice.dsl.model.Verdict.Pass.class, fw.testRun(udpFrom(script)).getClass());
                assertEquals(dev.sluice.dsl.model.Verdict.Pass.class, fw.testRun(udpFrom(added)).getClass());
            }
            assertTrue(AppliedRules.remove(root, "t1"));
        }
    }

    /**
     * A replace swaps the whole set at once: B's address is in the old set (under 198.18.0.0/24) and
     * in the new one (itself, beside 198.18.0.0/25 and 10.0.0.0/8), so a datagram from B that got
     * through met a set half-way between the two. B sends while the set is replaced back and forth
     * (6 applies, at most 8,000 datagrams; about 1 s).
     */
    @Test
    void aReplacedSetIsNeverSeenHalfWritten() throws InterruptedException {
        NamedSet blocked = set("blocked", "198.18.0.0/24");
        List<CompiledProgram> programs = List.of(SluiceCompiler.compile(xdp("fw").when(ip().src().in(blocked)).count("dropped").drop()));
        try (Bpffs fs = Bpffs.mount(); VethPair pair = VethPair.create()) {
            Path root = fs.path().resolve("sluice");
            AppliedRules.apply(request(root, pair, programs, Map.of(), new ArrayList<>()));
            long before = pair.udpReceivedByA();
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicReference<RuntimeException> failed = new java.util.concurrent.atomic.AtomicReference<>();
            Thread sender = new Thread(() -> {
                try {
                    for (int batch = 0; batch < 40 && !stop.get(); batch++) pair.sendUdpToA(200, PORT, 16);
                } catch (RuntimeException e) {
                    failed.set(e);
                }
            });
            sender.start();
            try {
                for (int i = 0; i < 6; i++) {
                    List<String> members = i % 2 == 0 ? List.of("198.18.0.0/25", VethPair.ADDRESS_B, "10.0.0.0/8") : List.of("198.18.0.0/24");
                    AppliedRules.apply(request(root, pair, programs, Map.of("blocked", members), new ArrayList<>()));
                }
            } finally {
                stop.set(true);
                sender.join();
            }
            if (failed.get() != null) throw failed.get();
            assertEquals(0, pair.udpReceivedByA() - before, "every datagram from B met a whole set");
            assertTrue(counter(root, programs.get(0)) >= 200, "datagrams were sent while the set was replaced");
            assertTrue(AppliedRules.remove(root, "t1"));
        }
    }

    @Test
    void applyAndRemoveLeaveNoKernelObjectBehind() throws InterruptedException {
        try (Bpffs fs = Bpffs.mount(); VethPair pair = VethPair.create()) {
            Path root = fs.path().resolve("sluice");
            AppliedRules.apply(request(root, pair, dropping(PORT), Map.of(), new ArrayList<>()));
            int program;
            try (AppliedRules applied = AppliedRules.open(root, "t1").orElseThrow()) {
                program = applied.info("fw").id();
            }
            assertTrue(Shell.run("bpftool", "prog", "show", "id", Integer.toString(program)).contains("xdp"));
            AppliedRules.remove(root, "t1");
            // The kernel frees a program after an RCU grace period: gone within a moment, not at once.
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (Shell.tryRun("bpftool", "prog", "show", "id", Integer.toString(program)).exitCode() == 0
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertNotEquals(0, Shell.tryRun("bpftool", "prog", "show", "id", Integer.toString(program)).exitCode(),
                    "the program is gone");
            assertFalse(Shell.bpftoolLinks().contains("prog " + program + " "));
        }
    }

    static byte[] udpFrom(byte[] source) {
        byte[] f = new byte[14 + 20 + 8 + 4];
        f[12] = 0x08;
        f[14] = 0x45;
        f[14 + 3] = (byte) (f.length - 14);
        f[14 + 8] = 64;
        f[14 + 9] = 17;
        System.arraycopy(source, 0, f, 26, 4);
        f[30] = (byte) 198; f[31] = 18; f[33] = 1;
        f[34 + 2] = (byte) (PORT >> 8);
        f[34 + 3] = (byte) PORT;
        f[34 + 5] = 12;
        return f;
    }
}
