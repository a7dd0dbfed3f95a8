package dev.sluice.compiler.hooks;

/**
 * Where the context keeps data and data_end (xdp_md at 0/4, __sk_buff at 76/80) and whether the
 * packet starts at the Ethernet header (xdp, tc) or at the network header with the EtherType in
 * {@code skb->protocol} (cgroup_skb).
 */
public enum ContextAccess {
    /** xdp programs: {@code struct xdp_md}, data at 0 and data_end at 4; the packet starts at Ethernet. */
    XDP(0, 4, true),
    /** tc programs: {@code struct __sk_buff}, data at 76 and data_end at 80; the packet starts at Ethernet. */
    SKB(76, 80, true),
    /** cgroup skb programs: {@code struct __sk_buff} as for tc, but the packet starts at the network header. */
    SKB_NETWORK(76, 80, false),
    /** No packet: bpf_cgroup_dev_ctx (access_type, major, minor) for cgroup device programs. */
    DEVICE(-1, -1, false),
    /** kprobe and uprobe programs: helpers for the task, arguments and return value from x86_64 pt_regs. */
    TRACE_PT_REGS(-1, -1, false),
    /**
     * Socket filters, which cannot read data/data_end: each header is copied onto the stack
     * with bpf_skb_load_bytes_relative from the network header (EtherType from {@code skb->protocol}).
     */
    SOCKET(-1, -1, false),
    /** tracepoint programs: helpers for the task only. */
    TRACE(-1, -1, false),
    /** perf_event (profile) programs: the task, and pc from the sampled registers (bpf_perf_event_data starts with pt_regs). */
    TRACE_PERF_EVENT(-1, -1, false);

    private final int data;
    private final int dataEnd;
    private final boolean ethernet;

    ContextAccess(int data, int dataEnd, boolean ethernet) {
        this.data = data;
        this.dataEnd = dataEnd;
        this.ethernet = ethernet;
    }

    /** The context offset of the packet's start pointer, or -1 when the program cannot read it directly. */
    public int data() {
        return data;
    }

    /** The context offset of the packet's end pointer, or -1. */
    public int dataEnd() {
        return dataEnd;
    }

    /** Whether the packet starts at the Ethernet header rather than the network header. */
    public boolean ethernet() {
        return ethernet;
    }
}
