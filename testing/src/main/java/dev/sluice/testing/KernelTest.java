package dev.sluice.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a JUnit 5 test method or class that needs the kernel's bpf(): where bpf() cannot load
 * programs (not Linux, no CAP_BPF) it skips with the reason; with {@code SLUICE_KERNEL_TESTS=require}
 * it fails instead ({@link KernelTests}). jqwik properties do not run JUnit extensions: call
 * {@link KernelTests#requireBpf()} in them.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(KernelTestExtension.class)
public @interface KernelTest {}
