package dev.sluice.testing;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@link KernelTest}'s check, before each test it marks: an aborted test (JUnit's skip) or, under
 * {@code SLUICE_KERNEL_TESTS=require}, a failed one. Before each test rather than as a condition,
 * because a JUnit condition can only disable a test, never fail it.
 */
public final class KernelTestExtension implements BeforeEachCallback {
    /** Used by JUnit through {@link KernelTest}. */
    public KernelTestExtension() {}

    /** Checks bpf() before the test runs ({@link KernelTests#requireBpf()}). */
    @Override
    public void beforeEach(ExtensionContext context) {
        KernelTests.requireBpf();
    }
}
