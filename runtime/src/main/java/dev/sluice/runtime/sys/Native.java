package dev.sluice.runtime.sys;

import dev.sluice.runtime.sys.libc.LibC;
import com.kenai.jffi.MemoryIO;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

/** The loaded libc binding and its runtime, created once. */
public final class Native {
    /** x86_64 system call numbers (docs/KERNEL.md, "Calling convention"). */
    public static final long SYS_BPF = 321;
    public static final long SYS_PERF_EVENT_OPEN = 298;

    private static final String ASM_ENABLED = "jnr.ffi.asm.enabled";

    static {
        // jnr-ffi's default loader writes a stub class per binding with ASM at first use: about
        // 100 ms of every process's start (docs/PERFORMANCE.md, "Trace programs against
        // bpftrace"). Reflective invocation costs well under a microsecond more per call, nothing
        // beside a bpf() system call. Read once by jnr-ffi, so it must be set before its first use.
        if (System.getProperty(ASM_ENABLED) == null) System.setProperty(ASM_ENABLED, "false");
        JffiLibrary.useUnpackedCopy();
    }

    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    private static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

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
        return RUNTIME.getLastError();
    }

    /** Closes a file descriptor the runtime owns; errors are ignored because nothing can be done about them. */
    public static void close(int fd) {
        if (fd >= 0) LIBC.close(fd);
    }
}
