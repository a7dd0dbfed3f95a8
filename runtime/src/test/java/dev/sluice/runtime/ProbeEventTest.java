package dev.sluice.runtime;

import static dev.sluice.compiler.isa.Register.R0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.dsl.model.Hook;
import dev.sluice.runtime.testing.KernelRequirement;
import dev.sluice.runtime.testing.OpenDescriptors;
import dev.sluice.runtime.testing.TargetBinary;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trace hook's perf event opened before its program exists ({@link ProbeEvent}): the program
 * attached later counts the calls; an event never attached is released on close; the
 * failures are those attaching gives. Kernel tests (uprobes on a binary built here, the getpid
 * tracepoint); a few seconds.
 */
class ProbeEventTest {
    @TempDir
    Path dir;

    @BeforeEach
    void kernel() {
        KernelRequirement.bpf();
    }

    @Test
    void aUprobeOpenedFirstCountsOnceTheProgramIsAttached() throws Exception {
        Path binary = TargetBinary.build(dir);
        int n = 40;
        try (ProbeEvent event = ProbeEvent.open(new Hook.Uprobe(binary.toString(), "sluice_target", false)).orElseThrow();
             BpfMap map = BpfMap.create(TraceAttachTest.stats());
             BpfProgram program = BpfProgram.load(LoadRequest.of("early", ProgramType.KPROBE,
                     MapBinding.bind(TraceAttachTest.countAndSum(TraceAttachTest.PT_REGS_DI), List.of(map))))) {
            assertEquals("uprobe " + binary + ":sluice_target", event.description());
            Process child = TargetBinary.start(binary.toString(), Integer.toString(n));
            try (Link link = Attach.probe(program, event)) {
                assertEquals(event.description(), link.description());
                assertEquals(Integer.toString(n * (n + 1) + n), TargetBinary.release(child).strip());
            } finally {
                child.destroyForcibly();
            }
            assertEquals(n, TraceAttachTest.slot(map, 0), "every call of the child counted");
            assertThrows(IllegalStateException.class, () -> Attach.probe(program, event), "an event links once");
        }
    }

    @Test
    void anEventNeverAttachedIsReleasedOnClose() throws Exception {
        Path binary = TargetBinary.build(dir);
        OpenDescriptors fds = OpenDescriptors.ofThisProcess();
        long before = fds.perfEvents();
        ProbeEvent uprobe = ProbeEvent.open(new Hook.Uprobe(binary.toString(), "sluice_target", true)).orElseThrow();
        ProbeEvent tracepoint = ProbeEvent.open(new Hook.Tracepoint("syscalls", "sys_enter_getpid")).orElseThrow();
        assertEquals(before + 2, fds.perfEvents(), "one perf event each");
        uprobe.close();
        tracepoint.close();
        tracepoint.close();
        assertEquals(before, fds.perfEvents(), "both released, closing twice harmless");
    }

    @Test
    void aProgramOfTheWrongTypeLeavesTheEventToTheCaller() throws Exception {
        OpenDescriptors fds = OpenDescriptors.ofThisProcess();
        long before = fds.perfEvents();
        try (BpfProgram kprobe = BpfProgram.load(LoadRequest.of("wrong", ProgramType.KPROBE, new CodeBuilder().mov64(R0, 0).exit().build()))) {
            long withProgram = fds.perfEvents();
            ProbeEvent event = ProbeEvent.open(new Hook.Tracepoint("syscalls", "sys_enter_getpid")).orElseThrow();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Attach.probe(kprobe, event));
            assertTrue(e.getMessage().contains("this hook needs tracepoint"), e.getMessage());
            assertEquals(withProgram + 1, fds.perfEvents(), "the event is still the caller's");
            event.close();
            assertEquals(withProgram, fds.perfEvents());
        }
        assertEquals(before, fds.perfEvents());
    }

    @Test
    void failuresAreThoseOfAttaching() throws Exception {
        Path binary = TargetBinary.build(dir);
        IllegalArgumentException symbol = assertThrows(IllegalArgumentException.class,
                () -> ProbeEvent.open(new Hook.Uprobe(binary.toString(), "no_such_function", false)));
        assertTrue(symbol.getMessage().contains("no function no_such_function"), symbol.getMessage());
        IllegalArgumentException file = assertThrows(IllegalArgumentException.class,
                () -> ProbeEvent.open(new Hook.Uprobe(dir.resolve("absent").toString(), "f", false)));
        assertTrue(file.getMessage().contains("no such file"), file.getMessage());
        assertEquals(Optional.empty(), ProbeEvent.open(new Hook.Profile(99)), "profile opens one event per CPU, at attach");
        assertEquals(Optional.empty(), ProbeEvent.describe(new Hook.Profile(99)));
    }
}
