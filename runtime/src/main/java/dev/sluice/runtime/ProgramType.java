package dev.sluice.runtime;

/** Kernel program types (uapi {@code enum bpf_prog_type}) and the capabilities loading each needs. */
public enum ProgramType {
    /** Socket filters: network-header start, returns bytes to keep. */
    SOCKET_FILTER(1, "CAP_BPF"),
    /** kprobes and uprobes (the perf event decides which). */
    KPROBE(2, "CAP_BPF and CAP_PERFMON"),
    /** tc classifiers, run in direct-action mode. */
    SCHED_CLS(3, "CAP_BPF and CAP_NET_ADMIN"),
    /** tc actions. */
    SCHED_ACT(4, "CAP_BPF and CAP_NET_ADMIN"),
    /** Tracepoints, reading the event's raw record. */
    TRACEPOINT(5, "CAP_BPF and CAP_PERFMON"),
    /** XDP, before the kernel's network stack. */
    XDP(6, "CAP_BPF and CAP_NET_ADMIN"),
    /** Perf events, such as CPU-clock sampling. */
    PERF_EVENT(7, "CAP_BPF and CAP_PERFMON"),
    /** cgroup socket-buffer programs, ingress or egress. */
    CGROUP_SKB(8, "CAP_BPF"),
    /** cgroup socket creation programs. */
    CGROUP_SOCK(9, "CAP_BPF"),
    /** Socket operations programs. */
    SOCK_OPS(13, "CAP_BPF"),
    /** cgroup device access programs. */
    CGROUP_DEVICE(15, "CAP_BPF and CAP_NET_ADMIN"),
    /** Raw tracepoints. */
    RAW_TRACEPOINT(17, "CAP_BPF and CAP_PERFMON"),
    /** cgroup socket address programs (bind, connect, ...). */
    CGROUP_SOCK_ADDR(18, "CAP_BPF"),
    /** BTF-typed tracing (fentry, fexit). */
    TRACING(26, "CAP_BPF and CAP_PERFMON"),
    /** Linux security module hooks. */
    LSM(29, "CAP_BPF and CAP_PERFMON"),
    /** Programs run with BPF_PROG_RUN from user space. */
    SYSCALL(31, "CAP_BPF"),
    /** Netfilter hooks. */
    NETFILTER(32, "CAP_BPF and CAP_NET_ADMIN");

    private final int number;
    private final String capabilities;

    ProgramType(int number, String capabilities) {
        this.number = number;
        this.capabilities = capabilities;
    }

    /** The type the compiler's {@code kind} loads as: the one with the kernel number the compiler's table gives. */
    public static ProgramType of(dev.sluice.compiler.hooks.ProgramKind kind) {
        for (ProgramType t : values()) if (t.number == kind.number()) return t;
        throw new IllegalArgumentException("no program type numbered " + kind.number() + " (" + kind + ")");
    }

    /** The kernel's number for the type ({@code enum bpf_prog_type}). */
    public int number() {
        return number;
    }

    /** What loading a program of this type needs (docs/KERNEL.md, "Capabilities"). */
    public String capabilities() {
        return capabilities;
    }

    /** The name {@code bpftool feature probe} uses: the enum name in lower case. */
    public String kernelName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
