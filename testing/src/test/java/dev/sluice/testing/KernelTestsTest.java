package dev.sluice.testing;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A missing precondition skips a test, or fails it under SLUICE_KERNEL_TESTS=require. */
class KernelTestsTest {
    @Test
    void aMissingPreconditionSkipsOrFailsAsTheEnvironmentSays() {
        Class<? extends Throwable> expected = KernelTests.required() ? AssertionFailedError.class : TestAbortedException.class;
        Throwable t = assertThrows(Throwable.class, () -> KernelTests.require(false, "no such thing here"));
        assertEquals(expected, t.getClass());
        assertTrue(t.getMessage().startsWith("no such thing here"), t.getMessage());
        KernelTests.require(true, "never reported");
    }

    @Test
    void aToolMissingFromPathIsAMissingPrecondition() {
        assertTrue(KernelTests.which("sh").isPresent());
        assertTrue(KernelTests.which("sluice-no-such-tool").isEmpty());
        Throwable t = assertThrows(Throwable.class, () -> KernelTests.tool("sluice-no-such-tool", "nothing"));
        assertTrue(t.getMessage().contains("sluice-no-such-tool is not on PATH (Debian package nothing)"), t.getMessage());
    }

    @Test
    @KernelTest
    void theAnnotationLetsATestRunOnlyWhereBpfWorks() {
        assertEquals(java.util.Optional.empty(), KernelTests.bpfUnavailable());
    }
}
