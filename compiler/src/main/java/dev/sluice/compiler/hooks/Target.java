package dev.sluice.compiler.hooks;

import dev.sluice.dsl.model.Hook;
import java.util.OptionalInt;

/**
 * Every fact about a hook kind in one row: the kernel program type it loads as, the libbpf section
 * name (a prefix for probes and tracepoints, which append what they attach to), the expected attach
 * type libbpf derives from that section, how the program reads its context, the return codes of its
 * verdicts, and which fields it reads. Every other part of the compiler, the runtime and the CLI
 * asks this table instead of testing the hook's class.
 */
public enum Target {
    /** {@code xdp}: an interface's receive path, section {@code xdp}. */
    XDP(ProgramKind.XDP, "xdp", OptionalInt.empty(), ContextAccess.XDP, Returns.XDP),
    /** "tc", not "tcx/...": the bpftool and iproute2 of these machines predate the tcx section names. */
    TC(ProgramKind.SCHED_CLS, "tc", OptionalInt.empty(), ContextAccess.SKB, Returns.TC),
    /** {@code socket}: a raw socket's receive filter, section {@code socket}. */
    SOCKET(ProgramKind.SOCKET_FILTER, "socket", OptionalInt.empty(), ContextAccess.SOCKET, Returns.SOCKET),
    /** {@code cgroup ingress}: packets into a cgroup, attach type {@code BPF_CGROUP_INET_INGRESS} (0). */
    CGROUP_INGRESS(ProgramKind.CGROUP_SKB, "cgroup_skb/ingress", OptionalInt.of(0), ContextAccess.SKB_NETWORK, Returns.CGROUP),
    /** {@code cgroup egress}: packets out of a cgroup, attach type {@code BPF_CGROUP_INET_EGRESS} (1). */
    CGROUP_EGRESS(ProgramKind.CGROUP_SKB, "cgroup_skb/egress", OptionalInt.of(1), ContextAccess.SKB_NETWORK, Returns.CGROUP),
    /** {@code cgroup device}: device accesses of a cgroup, attach type {@code BPF_CGROUP_DEVICE} (6). */
    CGROUP_DEVICE(ProgramKind.CGROUP_DEVICE, "cgroup/dev", OptionalInt.of(6), ContextAccess.DEVICE, Returns.CGROUP),
    /** kprobes and uprobes are one program type: the perf event they are linked to makes the difference. */
    KPROBE(ProgramKind.KPROBE, "kprobe/", OptionalInt.empty(), ContextAccess.TRACE_PT_REGS, Returns.TRACE),
    /** {@code kretprobe}: a kernel function's return; reads retval. */
    KRETPROBE(ProgramKind.KPROBE, "kretprobe/", OptionalInt.empty(), ContextAccess.TRACE_PT_REGS, Returns.TRACE),
    /** {@code uprobe}: a user-space function's entry, section {@code uprobe/PATH:SYMBOL}; reads arg0..arg5. */
    UPROBE(ProgramKind.KPROBE, "uprobe/", OptionalInt.empty(), ContextAccess.TRACE_PT_REGS, Returns.TRACE),
    /** {@code uretprobe}: a user-space function's return; reads retval. */
    URETPROBE(ProgramKind.KPROBE, "uretprobe/", OptionalInt.empty(), ContextAccess.TRACE_PT_REGS, Returns.TRACE),
    /** {@code tracepoint}: a static kernel tracepoint, section {@code tracepoint/CATEGORY/EVENT}; reads args.NAME. */
    TRACEPOINT(ProgramKind.TRACEPOINT, "tracepoint/", OptionalInt.empty(), ContextAccess.TRACE, Returns.TRACE),
    /** {@code profile}: a CPU-clock perf event sampling every CPU, section {@code perf_event}; reads pc. */
    PROFILE(ProgramKind.PERF_EVENT, "perf_event", OptionalInt.empty(), ContextAccess.TRACE_PERF_EVENT, Returns.TRACE);

    private final ProgramKind programKind;
    private final String section;
    private final OptionalInt expectedAttachType;
    private final ContextAccess access;
    private final Returns returns;

    Target(ProgramKind programKind, String section, OptionalInt expectedAttachType, ContextAccess access, Returns returns) {
        this.programKind = programKind;
        this.section = section;
        this.expectedAttachType = expectedAttachType;
        this.access = access;
        this.returns = returns;
    }

    /** The row of {@code hook}: the one place that tells hooks apart by their class. */
    public static Target of(Hook hook) {
        if (hook instanceof Hook.Xdp) return XDP;
        if (hook instanceof Hook.Tc) return TC;
        if (hook instanceof Hook.Socket) return SOCKET;
        if (hook instanceof Hook.Cgroup c) {
            switch (c.cgroupKind()) {
                case INGRESS: return CGROUP_INGRESS;
                case EGRESS: return CGROUP_EGRESS;
                default: return CGROUP_DEVICE;
            }
        }
        if (hook instanceof Hook.Kprobe k) return k.ret() ? KRETPROBE : KPROBE;
        if (hook instanceof Hook.Uprobe u) return u.ret() ? URETPROBE : UPROBE;
        if (hook instanceof Hook.Tracepoint) return TRACEPOINT;
        if (hook instanceof Hook.Profile) return PROFILE;
        throw new IllegalArgumentException(hook.kind() + " has no target");
    }

    /** libbpf's section name for {@code hook} (libbpf.c, section_defs); probes use the auto-attach forms. */
    public static String section(Hook hook) {
        Target target = of(hook);
        if (hook instanceof Hook.Kprobe k) return target.section + k.symbol();
        if (hook instanceof Hook.Uprobe u) return target.section + u.path() + ":" + u.symbol();
        if (hook instanceof Hook.Tracepoint t) return target.section + t.category() + "/" + t.event();
        return target.section;
    }

    /** The kernel program type this hook loads as. */
    public ProgramKind programKind() {
        return programKind;
    }

    /** The section name, or its prefix for hooks that append what they attach to. */
    public String sectionPrefix() {
        return section;
    }

    /** The expected attach type libbpf derives from the section ({@code BPF_CGROUP_*}), where it derives one. */
    public OptionalInt expectedAttachType() {
        return expectedAttachType;
    }

    /** How the generated code reads the context. */
    public ContextAccess access() {
        return access;
    }

    /** The return codes of its verdicts. */
    public Returns returns() {
        return returns;
    }

    /** Which kind of fields the program reads: packet, device or trace fields. */
    public PacketField.Domain domain() {
        switch (access) {
            case DEVICE: return PacketField.Domain.DEVICE;
            case TRACE: case TRACE_PT_REGS: case TRACE_PERF_EVENT: return PacketField.Domain.TRACE;
            default: return PacketField.Domain.PACKET;
        }
    }

    /** Whether it attaches to a network interface (xdp, tc, a socket on it). */
    public boolean onInterface() {
        return this == XDP || this == TC || this == SOCKET;
    }

    /** Whether it attaches to a cgroup. */
    public boolean onCgroup() {
        return programKind == ProgramKind.CGROUP_SKB || programKind == ProgramKind.CGROUP_DEVICE;
    }

    /** Whether it reads arguments arg0..arg5 (function entry probes). */
    public boolean readsArguments() {
        return this == KPROBE || this == UPROBE;
    }

    /** Whether it reads retval (function return probes). */
    public boolean readsReturnValue() {
        return this == KRETPROBE || this == URETPROBE;
    }

    /** Whether it reads pc, the sampled address. */
    public boolean readsPc() {
        return this == PROFILE;
    }
}
