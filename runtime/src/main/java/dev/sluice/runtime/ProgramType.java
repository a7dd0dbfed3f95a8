package dev.sluice.runtime;

/** Kernel program types (uapi {@code enum bpf_prog_type}) and the capabilities loading each needs. */
public enum ProgramType {
    SOCKET_FILTER(1, "CAP_BPF"),
    KPROBE(2, "CAP_BPF and CAP_PERFMON"),
    SCHED_CLS(3, "CAP_BPF and CAP_NET_ADMIN"),
    SCHED_ACT(4, "CAP_BPF and CAP_NET_ADMIN"),
    TRACEPOINT(5, "CAP_BPF and CAP_PERFMON"),
    XDP(6, "CAP_BPF and CAP_NET_ADMIN"),
    PERF_EVENT(7, "CAP_BPF and CAP_PERFMON"),
    CGROUP_SKB(8, "CAP_BPF"),
    CGROUP_SOCK(9, "CAP_BPF"),
    SOCK_OPS(13, "CAP_BPF"),
    CGROUP_DEVICE(15, "CAP_BPF and CAP_NET_ADMIN"),
    RAW_TRACEPOINT(17, "CAP_BPF and CAP_PERFMON"),
    CGROUP_SOCK_ADDR(18, "CAP_BPF"),
    TRACING(26, "CAP_BPF and CAP_PERFMON"),
    LSM(29, "CAP_BPF and CAP_PERFMON"),
    SYSCALL(31, "CAP_BPF"),
    NETFILTER(32, "CAP_BPF and CAP_NET_ADMIN");

    private final int number;
    private final String capabilities;

    ProgramType(int number, String capabilities) {
        this.number = number;
        this.capabilities = capabilities;
    }

    public int number() {
        return number;
    }

    /** What loading a program of this type needs (EBPF-ABI.md section 5). */
    public String capabilities() {
        return capabilities;
    }

    /** The name {@code bpftool feature probe} uses: the enum name in lower case. */
    public String kernelName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
