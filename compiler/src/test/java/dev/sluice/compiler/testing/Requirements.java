package dev.sluice.compiler.testing;

import java.io.File;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Preconditions of tests that need something outside the JVM (the kernel's bpf(), llvm-mc, ip).
 * Such a test skips with the stated reason, except when {@code SLUICE_KERNEL_TESTS=require}, as CI
 * sets it: then a missing precondition fails the test.
 */
public final class Requirements {
    public static final String ENV = "SLUICE_KERNEL_TESTS";

    private Requirements() {}

    public static boolean required() {
        return "require".equals(System.getenv(ENV));
    }

    /** Skips (or, when required, fails) the calling test unless {@code available}. */
    public static void require(boolean available, String reason) {
        if (available) return;
        if (required()) {
            Assertions.fail(reason + " (" + ENV + "=require)");
        }
        Assumptions.abort(reason);
    }

    /** The absolute path of an executable on PATH, or a skip/failure naming it. */
    public static String tool(String name, String debianPackage) {
        Optional<String> path = which(name);
        require(path.isPresent(), name + " is not on PATH (Debian package " + debianPackage + ")");
        return path.orElseThrow();
    }

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
