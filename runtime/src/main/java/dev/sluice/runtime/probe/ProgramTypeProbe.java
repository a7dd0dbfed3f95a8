package dev.sluice.runtime.probe;

import java.util.List;
import java.util.OptionalInt;

/** How to probe one kernel program type: its number, bpftool's name, and what a minimal load needs. */
record ProgramTypeProbe(int number, String name, OptionalInt expectedAttachType, int flags, String needsBtf) {
    static final int SLEEPABLE = 16;

    static ProgramTypeProbe plain(int number, String name) {
        return new ProgramTypeProbe(number, name, OptionalInt.empty(), 0, "");
    }

    static ProgramTypeProbe attach(int number, String name, int attachType) {
        return new ProgramTypeProbe(number, name, OptionalInt.of(attachType), 0, "");
    }

    /** Every type of uapi {@code enum bpf_prog_type} up to netfilter, with the setup a trivial load needs. */
    static final List<ProgramTypeProbe> ALL = List.of(
            plain(1, "socket_filter"), plain(2, "kprobe"), plain(3, "sched_cls"), plain(4, "sched_act"),
            plain(5, "tracepoint"), plain(6, "xdp"), plain(7, "perf_event"), plain(8, "cgroup_skb"),
            plain(9, "cgroup_sock"), plain(10, "lwt_in"), plain(11, "lwt_out"), plain(12, "lwt_xmit"),
            plain(13, "sock_ops"), plain(14, "sk_skb"), plain(15, "cgroup_device"), plain(16, "sk_msg"),
            plain(17, "raw_tracepoint"), attach(18, "cgroup_sock_addr", 10), plain(19, "lwt_seg6local"),
            attach(20, "lirc_mode2", 16), plain(21, "sk_reuseport"), plain(22, "flow_dissector"),
            plain(23, "cgroup_sysctl"), plain(24, "raw_tracepoint_writable"), attach(25, "cgroup_sockopt", 21),
            new ProgramTypeProbe(26, "tracing", OptionalInt.empty(), 0, "a BTF id of the kernel function to attach to"),
            plain(27, "struct_ops"),
            new ProgramTypeProbe(28, "ext", OptionalInt.empty(), 0, "a BTF id of the program to extend"),
            new ProgramTypeProbe(29, "lsm", OptionalInt.empty(), 0, "a BTF id of the LSM hook"),
            attach(30, "sk_lookup", 36), new ProgramTypeProbe(31, "syscall", OptionalInt.empty(), SLEEPABLE, ""),
            attach(32, "netfilter", 45));
}
