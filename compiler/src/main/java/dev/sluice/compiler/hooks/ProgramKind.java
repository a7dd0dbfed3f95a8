package dev.sluice.compiler.hooks;

/**
 * The kernel program types Sluice compiles for (uapi {@code enum bpf_prog_type}), with the kernel's
 * number for each: the interpreter runs them and the runtime loads them by this number.
 */
public enum ProgramKind {
    /** {@code BPF_PROG_TYPE_XDP} (6): runs in the driver before an skb exists. */
    XDP(6),
    /** {@code BPF_PROG_TYPE_SOCKET_FILTER} (1): filters what a socket receives; returns the bytes to keep. */
    SOCKET_FILTER(1),
    /** {@code BPF_PROG_TYPE_SCHED_CLS} (3): a tc classifier on an interface's ingress or egress. */
    SCHED_CLS(3),
    /**
     * {@code BPF_PROG_TYPE_CGROUP_SKB} (8): packets entering or leaving a cgroup's sockets; returns 1
     * to allow, 0 to drop.
     */
    CGROUP_SKB(8),
    /** {@code BPF_PROG_TYPE_CGROUP_DEVICE} (15): device accesses by a cgroup's tasks; returns 1 to allow, 0 to deny. */
    CGROUP_DEVICE(15),
    /** {@code BPF_PROG_TYPE_KPROBE} (2): kprobes, kretprobes, uprobes and uretprobes, with pt_regs as context. */
    KPROBE(2),
    /** {@code BPF_PROG_TYPE_TRACEPOINT} (5): a static tracepoint, with its record as context. */
    TRACEPOINT(5),
    /** {@code BPF_PROG_TYPE_PERF_EVENT} (7): a perf event's samples, for profile hooks. */
    PERF_EVENT(7);

    private final int number;

    ProgramKind(int number) {
        this.number = number;
    }

    /** The kernel's number for the type ({@code BPF_PROG_TYPE_*}). */
    public int number() {
        return number;
    }

    /** Whether LD_ABS/LD_IND are allowed (docs/KERNEL.md, "Contexts"). */
    public boolean allowsLegacyPacketLoads() {
        return this == SOCKET_FILTER || this == SCHED_CLS;
    }
}
