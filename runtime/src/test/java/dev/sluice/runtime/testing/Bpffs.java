package dev.sluice.runtime.testing;

import dev.sluice.compiler.testing.Requirements;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A bpf filesystem mounted on a fresh temporary directory for one test; unmounted and removed on close. */
public final class Bpffs implements AutoCloseable {
    private final Path path;

    private Bpffs(Path path) {
        this.path = path;
    }

    public static Bpffs mount() {
        try {
            Path dir = Files.createTempDirectory("sluice-bpffs");
            Shell.Result r = Shell.tryRun("mount", "-t", "bpf", "bpf", dir.toString());
            if (r.exitCode() != 0) {
                Files.deleteIfExists(dir);
                Requirements.require(false, "cannot mount a bpf filesystem: " + r.output());
            }
            return new Bpffs(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a temporary directory: " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        Shell.tryRun("umount", path.toString());
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove " + path + ": " + e.getMessage(), e);
        }
    }
}
