package dev.sluice.runtime;

import dev.sluice.runtime.sys.BpfCommand;
import dev.sluice.runtime.sys.Errno;

/** A bpf() call that failed: the command and errno, with the errno's name in the message. */
public sealed class BpfException extends KernelException permits AttachException, VerifierException {
    private final String call;
    private final int errno;

    /**
     * The failed call ({@code bpf(PROG_LOAD)}), its errno, and a message for the user (which should
     * say what was being done).
     */
    public BpfException(String call, int errno, String message) {
        super(message);
        this.call = call;
        this.errno = errno;
    }

    BpfException(BpfCommand command, int errno, String message) {
        this(callOf(command), errno, message);
    }

    static String callOf(BpfCommand command) {
        return "bpf(" + command + ")";
    }

    /** A failure with a generic message naming the command and the errno. */
    static BpfException of(BpfCommand command, int errno) {
        return new BpfException(command, errno, callOf(command) + " failed: " + Errno.describe(errno));
    }

    /** The call that failed, as {@code bpf(COMMAND)} with the uapi command's name without its prefix. */
    public String call() {
        return call;
    }

    /** The errno the kernel returned (positive, e.g. 13 for EACCES). */
    public int errno() {
        return errno;
    }

    /** The errno's symbolic name ({@code EACCES}), which is what kernel documentation and logs use. */
    public String errnoName() {
        return Errno.name(errno);
    }
}
