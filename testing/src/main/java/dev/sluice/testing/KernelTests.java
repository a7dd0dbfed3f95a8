package dev.sluice.testing;

import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.Register;
import dev.sluice.runtime.BpfProgram;
import dev.sluice.runtime.KernelException;
import dev.sluice.runtime.LoadRequest;
import dev.sluice.runtime.ProgramType;
import java.io.File;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Preconditions of tests that need something outside the JVM: the kernel's bpf(), or a tool on PATH.
 * A test whose precondition is missing skips with the reason, except when the environment variable
 * {@code SLUICE_KERNEL_TESTS=require} is set (as CI sets it): then it fails, so a CI run cannot pass
 * by skipping. {@link KernelTest} applies {@link #requireBpf()} to JUnit tests; call it first in a
 * jqwik property or container hook, where JUnit extensions do not run.
 */
public final class KernelTests {
    /** The environment variable that turns a missing precondition from a skip into a failure. */
    public static final String ENV = "SLUICE_KERNEL_TESTS";

    private static volatile Optional<String> bpfUnavailable;

    private KernelTests() {}

    /** Whether {@code SLUICE_KERNEL_TESTS=require} is set. */
    public static boolean required() {
        return "require".equals(System.getenv(ENV));
    }

    /** Skips the calling test with {@code reason} unless {@code available}; fails it instead when {@link #required()}. */
    public static void require(boolean available, String reason) {
        if (available) return;
        if (required()) Assertions.fail(reason + " (" + ENV + "=require)");
        Assumptions.abort(reason);
    }

    /** Skips (or fails) the calling test unless bpf() can load a program here. */
    public static void requireBpf() {
        Optional<String> why = bpfUnavailable();
        require(why.isEmpty(), "bpf() is not usable here: " + why.orElse(""));
    }

    /**
     * Why bpf() cannot load programs here (not Linux, no privilege, libc not bindable), or empty when
     * it can: checked once per JVM by loading a two-instruction socket filter.
     */
    public static Optional<String> bpfUnavailable() {
        Optional<String> known = bpfUnavailable;
        if (known == null) {
            known = probe();
            bpfUnavailable = known;
        }
        return known;
    }

    @SuppressWarnings("try") // the program is loaded to see whether loading works, then closed
    private static synchronized Optional<String> probe() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) return Optional.of("not Linux");
        try (BpfProgram p = BpfProgram.load(LoadRequest.of("probe", ProgramType.SOCKET_FILTER,
                new CodeBuilder().mov64(Register.R0, 0).exit().build()))) {
            return Optional.empty();
        } catch (KernelException e) {
            return Optional.of(e.getMessage());
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return Optional.of("cannot bind libc: " + e);
        }
    }

    /** The absolute path of executable {@code name} on PATH, or a skip (failure) naming its Debian package. */
    public static String tool(String name, String debianPackage) {
        Optional<String> path = which(name);
        require(path.isPresent(), name + " is not on PATH (Debian package " + debianPackage + ")");
        return path.orElseThrow();
    }

    /** The absolute path of executable {@code name} on PATH, if there is one. */
    public static Optional<String> which(String name) {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(File.pathSeparator)) {
            File f = new File(dir, name);
            if (f.isFile() && f.canExecute()) return Optional.of(f.getAbsolutePath());
        }
        return Optional.empty();
    }
}
