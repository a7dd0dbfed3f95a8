package dev.sluice.runtime;

import dev.sluice.runtime.sys.BpfCommand;

/** Attaching failed for a reason the user can act on; the message says which. */
public final class AttachException extends BpfException {
    /** The failed call ({@code bpf(LINK_CREATE)}), its errno, and a message saying what could not be attached and why. */
    public AttachException(String call, int errno, String message) {
        super(call, errno, message);
    }

    AttachException(BpfCommand command, int errno, String message) {
        super(command, errno, message);
    }
}
