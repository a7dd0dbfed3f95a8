package dev.sluice.runtime;

import dev.sluice.runtime.sys.Native;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Runs code inside a named network namespace ({@code ip netns add NAME}), on a thread of its own:
 * setns() switches only the calling thread, and interface names and indexes (for XDP and tcx
 * attach) resolve in the caller's namespace. File descriptors made there (links, sockets) stay
 * valid in the whole process.
 */
public final class NetworkNamespace {
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY_CLOEXEC = 0x80000;
    /** setns() into a network namespace needs CAP_SYS_ADMIN (in the namespace's user namespace and ours). */
    static final String SETNS_CAPABILITY = "CAP_SYS_ADMIN";

    private NetworkNamespace() {}

    /**
     * {@code work}'s result, computed in namespace {@code name}. Failing to enter it is a
     * {@link PermissionException} (EPERM: no CAP_SYS_ADMIN) or a {@link SystemCallException}
     * (ENOENT: no such namespace).
     */
    public static <T> T call(String name, Callable<T> work) {
        // A missing namespace is open()'s ENOENT, a SystemCallException like every other failure here.
        Path path = Path.of("/var/run/netns", name);
        FutureTask<T> task = new FutureTask<>(() -> {
            enter(name, path);
            return work.call();
        });
        // The thread ends after the task, so no other code ever runs in the switched namespace.
        Thread thread = new Thread(task, "netns-" + name);
        thread.start();
        try {
            return finished(task);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error error) throw error;
            if (cause instanceof IOException io) throw new UncheckedIOException(io);
            throw new IllegalStateException("work in network namespace " + name + " failed", cause);
        }
    }

    private static void enter(String name, Path path) {
        int fd = Native.libc().open(path.toString(), O_RDONLY_CLOEXEC);
        if (fd < 0) {
            throw SystemCallException.of("open", Native.errno(), "opening network namespace " + name + " (" + path + ")",
                    SETNS_CAPABILITY);
        }
        try {
            if (Native.libc().setns(fd, CLONE_NEWNET) != 0) {
                throw SystemCallException.of("setns", Native.errno(), "entering network namespace " + name, SETNS_CAPABILITY);
            }
        } finally {
            Native.close(fd);
        }
    }

    /**
     * Waits for the task even when interrupted: what it creates (links, sockets) belongs to the
     * caller, and leaving early would leak it. The interrupt is kept for the caller to see.
     */
    private static <T> T finished(FutureTask<T> task) throws ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
