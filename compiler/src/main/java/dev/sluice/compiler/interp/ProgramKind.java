package dev.sluice.compiler.interp;

/** The program types the interpreter runs, with the return codes that mean "redirect". */
public enum ProgramKind {
    XDP,
    SOCKET_FILTER,
    SCHED_CLS,
    CGROUP_SKB,
    CGROUP_DEVICE,
    KPROBE,
    TRACEPOINT,
    PERF_EVENT;

    /** Whether LD_ABS/LD_IND are allowed (docs/KERNEL.md, "Contexts"). */
    boolean allowsLegacyPacketLoads() {
        return this == SOCKET_FILTER || this == SCHED_CLS;
    }
}
