package dev.sluice.dsl.model;

import java.util.Objects;

/** What ends a packet program (docs/LANGUAGE.md, "Statements"). */
public sealed interface Verdict {
    /**
     * {@code pass}: let the packet go on (XDP_PASS, TC_ACT_OK, the whole packet for a socket, 1 for cgroup).
     */
    record Pass() implements Verdict {}

    /** {@code drop}: discard the packet (XDP_DROP, TC_ACT_SHOT, 0 bytes for a socket, 0 for cgroup). */
    record Drop() implements Verdict {}

    /** {@code tx}: XDP only, send the packet back out of the interface it arrived on (XDP_TX). */
    record Tx() implements Verdict {}

    /**
     * {@code abort}: XDP only, drop as a program error (XDP_ABORTED, visible to the xdp_exception
     * tracepoint).
     */
    record Abort() implements Verdict {}

    /**
     * {@code redirect IFNAME}: XDP and tc, send the packet out of another interface, named here and resolved
     * at load time.
     */
    record Redirect(String ifname) implements Verdict {
        /** Rejects a redirect without an interface name. */
        public Redirect {
            Objects.requireNonNull(ifname);
        }
    }

    /** {@code truncate N}: socket filters only, keep the first {@code bytes} bytes of the packet. */
    record Truncate(long bytes) implements Verdict {}
}
