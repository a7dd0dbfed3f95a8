package dev.sluice.runtime;

import dev.sluice.runtime.sys.BpfCommand;
import dev.sluice.runtime.sys.Errno;

/** A bpf() call that failed: the command and errno, with the errno's name in the message. */
public sealed class BpfException extends KernelException permits AttachException, VerifierException {
    private final BpfCommand command;
    private final int errno;

    public BpfException(BpfCommand command, int errno, String message) {
        super(message);
        this.command = command;
        this.errno = errno;
    }

    public static BpfException of(BpfCommand command, int errno) {
        return new BpfException(command, errno, "bpf(" + command + ") failed: " + Errno.describe(errno));
    }

    public BpfCommand command() {
        return command;
    }

    public int errno() {
        return errno;
    }

    public String errnoName() {
        return Errno.name(errno);
    }
}
