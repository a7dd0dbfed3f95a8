package dev.sluice.runtime;

/**
 * The kernel refused a call, or lacks something Sluice needs: a fact about this machine or this
 * process's privileges, never a Sluice bug. The message is one line a user can act on (the CLI
 * prints it and exits 3). Sealed, so that whoever maps these to user-facing errors can cover
 * every kind: {@link BpfException} (a bpf() command failed, with its subclasses for verifier
 * rejections and attach failures), {@link PermissionException} (a capability is missing, named),
 * {@link SystemCallException} (any other system call failed, with its errno) and
 * {@link UnsupportedException} (the kernel has no such feature).
 */
public abstract sealed class KernelException extends RuntimeException
        permits BpfException, PermissionException, SystemCallException, UnsupportedException {
    /** {@code message}: one line a user can act on. */
    protected KernelException(String message) {
        super(message);
    }
}
