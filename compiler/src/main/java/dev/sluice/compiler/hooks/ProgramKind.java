package dev.sluice.compiler.hooks;

/**
 * The kernel program types Sluice compiles for (uapi {@code enum bpf_prog_type}), with the kernel's
 * number for each: the interpreter runs them and the runtime loads them by this number.
 */
public enum ProgramKind {
    XDP(6),
    SOCKET_FILTER(1),
    SCHED_CLS(3),
    CGROUP_SKB(8),
    CGROUP_DEVICE(15),
    KPROBE(2),
    TRACEPOINT(5),
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
