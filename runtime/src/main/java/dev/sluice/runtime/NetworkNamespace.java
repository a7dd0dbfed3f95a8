package dev.sluice.runtime;

import dev.sluice.runtime.sys.Errno;
import dev.sluice.runtime.sys.Native;
import java.nio.file.Files;
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

    private NetworkNamespace() {}

    /**
     * Runs {@code work} on a thread that has entered network namespace {@code name} (from {@code ip netns
     * add}) and returns its result; the caller's thread never changes namespace.
     */
    public static <T> T call(String name, Callable<T> work) {
        Path path = Path.of("/var/run/netns", name);
        if (!Files.exists(path)) throw new IllegalArgumentException("no network namespace " + name + " (" + path + ")");
        FutureTask<T> task = new FutureTask<>(() -> {
            int fd = Native.libc().open(path.toString(), O_RDONLY_CLOEXEC);
            if (fd < 0) throw new IllegalStateException("cannot open " + path + ": " + Errno.describe(Native.errno()));
            try {
                if (Native.libc().setns(fd, CLONE_NEWNET) != 0) {
                    throw new IllegalStateException("cannot enter network namespace " + name + ": "
                            + Errno.describe(Native.errno()));
                }
            } finally {
                Native.close(fd);
            }
            return work.call();
        });
        // The thread ends after the task, so no other code ever runs in the switched namespace.
        Thread thread = new Thread(task, "netns-" + name);
        thread.start();
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted in network namespace " + name, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        }
    }
}
