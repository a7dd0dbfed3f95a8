package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.dsl.model.Hook;
import dev.sluice.dsl.model.Program;
import dev.sluice.grammar.Scripts;
import dev.sluice.runtime.ProbeEvent;
import dev.sluice.runtime.testing.OpenDescriptors;
import dev.sluice.runtime.testing.TargetBinary;
import dev.sluice.testing.KernelTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice run}'s second thread ({@link RunPreparation}): what it opens is released when the
 * main thread fails before taking it; what it fails with is thrown where attaching would have
 * thrown it, and the run's error and exit code are those of attaching. Kernel tests (uprobes on a
 * binary built here, the getpid tracepoint); a few seconds.
 */
class RunPreparationTest {
    @TempDir
    Path dir;

    @BeforeEach
    void kernel() {
        KernelTests.requireBpf();
    }

    private List<Program> programs(String script) {
        Scripts.Result parsed = Scripts.parse(script, "t.ebpf", dir);
        assertTrue(parsed.ok(), parsed.render());
        return parsed.script().orElseThrow().programs();
    }

    @Test
    void whatTheSecondThreadOpenedIsReleasedWhenNothingTakesIt() throws Exception {
        Path binary = TargetBinary.build(dir);
        List<Program> programs = programs("uprobe \"" + binary + "\" sluice_target { count calls }\n"
                + "tracepoint syscalls:sys_enter_getpid { count calls }\n"
                + "xdp { count packets }\n");
        OpenDescriptors fds = OpenDescriptors.ofThisProcess();
        RunPreparation.awaitNativeLayer();
        long before = fds.perfEvents();
        try (RunPreparation preparation = new RunPreparation()) {
            preparation.open(programs);
            // As a compile error or a refused load on the main thread would: the command ends here.
        }
        assertEquals(before, fds.perfEvents(), "both perf events closed");
    }

    @Test
    void eachHookTakesItsOwnEventOnce() throws Exception {
        Path binary = TargetBinary.build(dir);
        List<Program> programs = programs("uretprobe \"" + binary + "\" sluice_target { count calls }\n"
                + "tracepoint syscalls:sys_enter_getpid { count calls }\n");
        OpenDescriptors fds = OpenDescriptors.ofThisProcess();
        RunPreparation.awaitNativeLayer();
        long before = fds.perfEvents();
        try (RunPreparation preparation = new RunPreparation()) {
            preparation.open(programs);
            Hook tracepoint = programs.get(1).hook();
            try (ProbeEvent event = preparation.take(tracepoint).orElseThrow()) {
                assertEquals("tracepoint syscalls:sys_enter_getpid", event.description());
                assertTrue(preparation.take(tracepoint).isEmpty(), "taken once");
                assertTrue(preparation.take(new Hook.Profile(99)).isEmpty(), "profile is opened at attach");
            }
            assertEquals(before + 1, fds.perfEvents(), "the uprobe's event, not yet taken");
        }
        assertEquals(before, fds.perfEvents());
    }

    @Test
    void aFailureOnTheSecondThreadIsThrownWhereAttachingWouldThrowIt() throws Exception {
        Path binary = TargetBinary.build(dir);
        List<Program> programs = programs("uprobe \"" + binary + "\" no_such_function { count calls }\n"
                + "tracepoint syscalls:sys_enter_getpid { count calls }\n");
        OpenDescriptors fds = OpenDescriptors.ofThisProcess();
        RunPreparation.awaitNativeLayer();
        long before = fds.perfEvents();
        try (RunPreparation preparation = new RunPreparation()) {
            preparation.open(programs);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> preparation.take(programs.get(0).hook()));
            assertTrue(e.getMessage().contains("no function no_such_function in " + binary), e.getMessage());
        }
        assertEquals(before, fds.perfEvents(), "the tracepoint opened beside the failure is released too");
    }

    @Test
    void runReportsAMissingFunctionAsAttachingDid() throws Exception {
        Path binary = TargetBinary.build(dir);
        Path script = Files.writeString(dir.resolve("missing.ebpf"), "uprobe \"" + binary + "\" no_such_function {\n  count calls\n}\n");
        MainTest.Outcome o = MainTest.run("run", script.toString(), "--duration", "0.1");
        assertEquals(ExitCodes.KERNEL_REFUSED, o.code(), o.err());
        assertTrue(o.err().contains("no function no_such_function in " + binary), o.err());
        assertFalse(o.err().contains("Exception"), o.err());
        assertEquals(1, o.err().strip().lines().count(), "one line: " + o.err());
    }

    @Test
    void runCountsOnAUprobeOpenedAhead() throws Exception {
        Path binary = TargetBinary.build(dir);
        Path script = Files.writeString(dir.resolve("count.ebpf"), "uprobe \"" + binary + "\" sluice_target {\n  count calls by comm\n}\n");
        Process child = TargetBinary.start(binary.toString(), "25");
        Thread release = new Thread(() -> {
            try {
                Thread.sleep(1500);
                TargetBinary.release(child);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            release.start();
            MainTest.Outcome o = MainTest.run("run", script.toString(), "--duration", "3");
            release.join();
            assertEquals(0, o.code(), o.err());
            assertTrue(o.err().contains("sluice: attached uprobe_1: uprobe " + binary + ":sluice_target"), o.err());
            assertTrue(o.out().contains("@calls[target]: 25"), o.out());
        } finally {
            child.destroyForcibly();
        }
    }
}
