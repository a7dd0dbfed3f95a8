package dev.sluice.runtime.sys;

/**
 * The bpf() system call. Attributes are written by one typed class per command (the {@code *Attr} classes).
 * A failure comes back as {@code -errno}, as from the kernel: this layer throws nothing, the runtime above
 * turns errno into its typed {@code KernelException}s, whose messages say what was being done.
 */
public final class Bpf {
    /** {@code sizeof(union bpf_attr)} on 6.18; the kernel accepts any size up to a page if the tail is zero. */
    public static final int ATTR_SIZE = 168;

    private Bpf() {}

    /** Calls bpf() and returns the result, or {@code -errno} on failure. */
    public static long callRaw(BpfCommand command, NativeBuffer attr) {
        long r;
        int errno;
        do {
            r = Native.libc().syscall(Native.SYS_BPF, command.number(), attr.pointer(), attr.size());
            errno = r < 0 ? Native.errno() : 0;
        } while (r < 0 && (errno == Errno.EINTR || errno == Errno.EAGAIN && command == BpfCommand.PROG_LOAD));
        return r < 0 ? -errno : r;
    }

    public static NativeBuffer attr() {
        return NativeBuffer.allocate(ATTR_SIZE);
    }
}
