package dev.sluice.runtime;

import dev.sluice.runtime.sys.BpfCommand;

/**
 * EPERM: the process lacks a capability; the message names which (docs/KERNEL.md,
 * "Capabilities"): bpf() needs CAP_BPF, with CAP_NET_ADMIN for network programs and CAP_PERFMON
 * for tracing ones; entering a network namespace (setns) needs CAP_SYS_ADMIN; a packet socket CAP_NET_RAW.
 */
public final class PermissionException extends KernelException {
    private static final String ADMIN = "CAP_SYS_ADMIN";
    /** What CAP_SYS_ADMIN stands in for, for bpf() and perf_event_open (docs/KERNEL.md, "Capabilities"); not CAP_NET_RAW. */
    private static final java.util.Set<String> GRANTED_BY_ADMIN = java.util.Set.of("CAP_BPF", "CAP_PERFMON", "CAP_NET_ADMIN");

    private final String call;
    private final String capabilities;

    /** A bpf() command refused for want of {@code capabilities}, which CAP_SYS_ADMIN also grants. */
    PermissionException(BpfCommand command, String what, String capabilities) {
        this(BpfException.callOf(command), what, capabilities);
    }

    /** {@code call} (e.g. {@code setns}) refused while doing {@code what}, for want of {@code capabilities}. */
    public PermissionException(String call, String what, String capabilities) {
        super(what + " needs " + capabilities + (grantedByAdmin(capabilities) ? " (or " + ADMIN + ")" : "")
                + "; run as root or grant it");
        this.call = call;
        this.capabilities = capabilities;
    }

    private static boolean grantedByAdmin(String capabilities) {
        return GRANTED_BY_ADMIN.containsAll(java.util.List.of(capabilities.split(" and ")));
    }

    /** The call refused, e.g. {@code bpf(PROG_LOAD)} or {@code setns}. */
    public String call() {
        return call;
    }

    /** The capabilities needed, e.g. "CAP_BPF and CAP_NET_ADMIN". */
    public String capabilities() {
        return capabilities;
    }
}
