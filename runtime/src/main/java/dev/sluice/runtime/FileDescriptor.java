package dev.sluice.runtime;

import dev.sluice.runtime.sys.Native;

/** A kernel file descriptor this process owns; closing it twice is harmless. */
public final class FileDescriptor implements AutoCloseable {
    private int fd;

    /** Takes ownership of {@code fd}: closing this object closes it. */
    public FileDescriptor(int fd) {
        if (fd < 0) throw new IllegalArgumentException("invalid file descriptor " + fd);
        this.fd = fd;
    }

    /** The number, while open. */
    public synchronized int number() {
        if (fd < 0) throw new IllegalStateException("file descriptor already closed");
        return fd;
    }

    /** Whether the descriptor has not been closed yet. */
    public synchronized boolean isOpen() {
        return fd >= 0;
    }

    @Override
    public synchronized void close() {
        if (fd < 0) return;
        Native.close(fd);
        fd = -1;
    }

    @Override
    public synchronized String toString() {
        return fd < 0 ? "fd(closed)" : "fd(" + fd + ")";
    }
}
