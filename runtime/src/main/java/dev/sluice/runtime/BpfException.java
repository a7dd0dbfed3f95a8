package dev.sluice.runtime;

import dev.sluice.runtime.sys.BpfCommand;
import dev.sluice.runtime.sys.Errno;

/** A bpf() call that failed: the command and errno, with the errno's name in the message. */
public sealed class BpfException extends KernelException permits AttachException, VerifierException {
    private final BpfCommand command;
    private final int errno;

    /** The failed command, its errno, and a message for the user (which should say what was being done). */
    public BpfException(BpfCommand command, int errno, String message) {
        super(message);
        this.command = command;
        this.errno = errno;
    }

    /**
     * A failure with a generic message naming the command and the errno; for calls where the caller has
     * nothing to add.
     */
    public static BpfException of(BpfCommand command, int errno) {
        return new BpfException(command, errno, "bpf(" + command + ") failed: " + Errno.describe(errno));
    }

    /** The bpf() command that failed. */
    public BpfCommand command() {
        return command;
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
