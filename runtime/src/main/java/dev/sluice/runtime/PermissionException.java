package dev.sluice.runtime;

import dev.sluice.runtime.sys.BpfCommand;
import dev.sluice.runtime.sys.Errno;

/** EPERM: the process lacks a capability; the message names which (docs/KERNEL.md, "Capabilities"). */
public final class PermissionException extends BpfException {
    private final String capabilities;

    /**
     * {@code what} (e.g. {@code creating a map}) was refused for lack of {@code capabilities}; the message
     * tells the user to run as root or grant them.
     */
    public PermissionException(BpfCommand command, String what, String capabilities) {
        super(command, Errno.EPERM, what + " needs " + capabilities + " (or CAP_SYS_ADMIN); run as root or grant it");
        this.capabilities = capabilities;
    }

    /** The capabilities needed, e.g. "CAP_BPF and CAP_NET_ADMIN". */
    public String capabilities() {
        return capabilities;
    }
}
