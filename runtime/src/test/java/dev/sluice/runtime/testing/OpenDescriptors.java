package dev.sluice.runtime.testing;

import dev.sluice.compiler.testing.Requirements;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Counts this process's open file descriptors from a {@code /proc/self/fd} directory, for leak
 * tests. A count is never a placeholder: without the directory the calling test is skipped with
 * the reason (failed under SLUICE_KERNEL_TESTS=require), and a directory that cannot be listed
 * fails it, so a leak can never pass as "-1 before, -1 after".
 */
public final class OpenDescriptors {
    public static final Path PROC_SELF_FD = Path.of("/proc/self/fd");

    private final Path directory;

    public OpenDescriptors(Path directory) {
        this.directory = directory;
    }

    public static OpenDescriptors ofThisProcess() {
        return new OpenDescriptors(PROC_SELF_FD);
    }

    /** Every open descriptor. */
    public int all() {
        return names().length;
    }

    /** Descriptors of bpf programs, maps and links (anon inodes named bpf-prog, bpf-map, bpf_link). */
    public long bpf() {
        return Arrays.stream(names()).filter(this::isBpf).count();
    }

    /** Perf event descriptors (anon inodes named [perf_event]): probes opened, attached or not. */
    public long perfEvents() {
        return Arrays.stream(names()).filter(fd -> target(fd).contains("perf_event")).count();
    }

    private String[] names() {
        Requirements.require(Files.exists(directory), directory + " does not exist (no procfs here), so descriptors cannot be counted");
        String[] names = directory.toFile().list();
        if (names == null) throw new AssertionError("cannot list " + directory + ", so descriptors cannot be counted");
        return names;
    }

    private boolean isBpf(String fd) {
        return target(fd).contains("bpf");
    }

    private String target(String fd) {
        try {
            return Files.readSymbolicLink(directory.resolve(fd)).toString();
        } catch (NoSuchFileException closedSinceListing) {
            // The descriptor the listing itself used, or one another thread closed meanwhile.
            return "";
        } catch (IOException e) {
            throw new AssertionError("cannot read " + directory.resolve(fd) + ": " + e.getMessage(), e);
        }
    }
}
