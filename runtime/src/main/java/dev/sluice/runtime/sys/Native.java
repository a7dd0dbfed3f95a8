package dev.sluice.runtime.sys;

import com.kenai.jffi.MemoryIO;
import jnr.ffi.Runtime;

/** The loaded libc binding and its runtime, created once. */
public final class Native {
    /** x86_64 system call numbers (docs/KERNEL.md, "Calling convention"). */
    public static final long SYS_BPF = 321;
    public static final long SYS_PERF_EVENT_OPEN = 298;

    static {
        // Before jffi's first class: it loads its native library from the unpacked copy.
        JffiLibrary.useUnpackedCopy();
    }

    private static final Runtime RUNTIME = Runtime.getSystemRuntime();
    private static final LibC LIBC = new LibC(RUNTIME);

    private Native() {}

    public static LibC libc() {
        return LIBC;
    }

    public static Runtime runtime() {
        return RUNTIME;
    }

    /**
     * jffi's direct memory access. Reached through this class, never {@code MemoryIO} directly, so
     * that jffi's library is loaded only after the setup above (the unpacked copy, no ASM).
     */
    public static MemoryIO memory() {
        return MemoryIO.getInstance();
    }

    /** errno of the calling thread's last call through {@link #libc()}. */
    public static int errno() {
        return LibC.lastError();
    }

    /** Closes a file descriptor the runtime owns; errors are ignored because nothing can be done about them. */
    public static void close(int fd) {
        if (fd >= 0) LIBC.close(fd);
    }
}
