package dev.sluice.runtime;

import dev.sluice.runtime.sys.Errno;

/** A system call other than bpf() failed (setns, open, socket, bind, recv, mmap, epoll, dup, perf_event_open): which, and errno. */
public final class SystemCallException extends KernelException {
    private final String call;
    private final int errno;

    /** {@code call} failed with {@code errno}; {@code message} is the one line a user reads. */
    public SystemCallException(String call, int errno, String message) {
        super(message);
        this.call = call;
        this.errno = errno;
    }

    /**
     * The exception for {@code call} failing with {@code errno} while doing {@code what}: EPERM, a
     * missing capability, becomes a {@link PermissionException} naming {@code capabilities}.
     */
    public static KernelException of(String call, int errno, String what, String capabilities) {
        if (errno == Errno.EPERM) return new PermissionException(call, what, capabilities);
        return new SystemCallException(call, errno, what + " failed: " + call + "(): " + Errno.describe(errno));
    }

    /** The call's name, e.g. {@code setns}. */
    public String call() {
        return call;
    }

    /** The errno the call returned. */
    public int errno() {
        return errno;
    }

    /** The errno's symbolic name, e.g. {@code ENOENT}. */
    public String errnoName() {
        return Errno.name(errno);
    }
}
