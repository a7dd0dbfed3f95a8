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
        platformWithoutClassPathSearch();
    }

    private static final Runtime RUNTIME = Runtime.getSystemRuntime();
    private static final LibC LIBC = new LibC(RUNTIME);

    private Native() {}

    /**
     * jnr-ffi picks its {@code Platform} by first loading class {@code P$Platform}, P the property
     * {@code jnr.ffi.provider}: {@code null$Platform} when it is unset, as it is here. That class
     * exists nowhere, and the class loader's search for it opens and indexes the whole jar (5,200
     * entries, about 10 ms of a cold start), which nothing else in a start from a class cache does.
     * With the property naming a class of the JDK's own {@code java.lang}, the miss is answered by
     * the JDK's module without a class-path search, and jnr-ffi falls back to the platform it would
     * have chosen anyway. The property is set only for that first lookup (jnr-ffi reads it again to
     * pick its provider, which must stay its default) and only when no one set it.
     */
    private static void platformWithoutClassPathSearch() {
        if (System.getProperty("jnr.ffi.provider") != null) {
            jnr.ffi.Platform.getNativePlatform();
            return;
        }
        System.setProperty("jnr.ffi.provider", "java.lang.Object");
        try {
            jnr.ffi.Platform.getNativePlatform();
        } finally {
            System.clearProperty("jnr.ffi.provider");
        }
    }

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
