package dev.sluice.runtime.testing;

import dev.sluice.compiler.testing.Requirements;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** A cgroup v2 directory for one test, removed on close (its processes have exited by then). */
public final class CgroupDir implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private final Path path;

    private CgroupDir(Path path) {
        this.path = path;
    }

    public static CgroupDir create() {
        Path root = Path.of("/sys/fs/cgroup/unified");
        if (!Files.exists(root.resolve("cgroup.procs"))) root = Path.of("/sys/fs/cgroup");
        Requirements.require(Files.exists(root.resolve("cgroup.controllers")), "no cgroup v2 hierarchy at " + root);
        Path dir = root.resolve("sluice-test-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet());
        try {
            Files.createDirectory(dir);
        } catch (IOException e) {
            Requirements.require(false, "cannot create cgroup " + dir + ": " + e);
        }
        return new CgroupDir(dir);
    }

    public Path path() {
        return path;
    }

    /** A shell snippet that moves the running shell into this cgroup. */
    public String join() {
        return "echo $$ > " + path.resolve("cgroup.procs") + "; ";
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove cgroup " + path + " (a process still in it?): " + e, e);
        }
    }
}
