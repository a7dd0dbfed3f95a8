package dev.sluice.dsl;

import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.Hook;
import dev.sluice.dsl.model.Literals;
import dev.sluice.dsl.model.NamedSet;
import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Java DSL's entry points (import static dev.sluice.dsl.Sluice.*):
 * {@code Program ssh = xdp().when(tcp().dport(22)).drop();}
 *
 * <p>Hooks have one entry point each, named after the hook's kind in camel case ({@code xdp},
 * {@code tcIngress}, {@code cgroupDevice}, {@code kretprobe}, ...: the prefix of default program names).
 * A packet hook's entry point takes nothing, or the program's name; a trace hook's takes what it
 * attaches to. Fields come from protocol entry points ({@code tcp().dport()}) and trace entry points
 * ({@code pid()}, {@code arg(0)}, {@code args("filename")}); actions take them typed.
 */
public final class Sluice {
    private Sluice() {}

    private static ProgramStep program(Hook hook, Optional<String> name) {
        return new ProgramBuilder(new Program.Definition(hook, name, List.of(), List.of(), SourceLocation.caller()));
    }

    /**
     * An XDP program (from the Ethernet header, before the kernel's stack) named by position: {@code xdp_1},
     * {@code xdp_2}, ...
     */
    public static ProgramStep xdp() {
        return program(new Hook.Xdp(), Optional.empty());
    }

    /** An XDP program with a name of its own, which is its name in the kernel and in the CLI's output. */
    public static ProgramStep xdp(String name) {
        return program(new Hook.Xdp(), Optional.of(name));
    }

    /** A tc ingress program (SCHED_CLS, attached as tcx), named by position ({@code tc_ingress_1}). */
    public static ProgramStep tcIngress() {
        return program(new Hook.Tc(true), Optional.empty());
    }

    /** A named tc ingress program. */
    public static ProgramStep tcIngress(String name) {
        return program(new Hook.Tc(true), Optional.of(name));
    }

    /** A tc egress program, named by position ({@code tc_egress_1}). */
    public static ProgramStep tcEgress() {
        return program(new Hook.Tc(false), Optional.empty());
    }

    /** A named tc egress program. */
    public static ProgramStep tcEgress(String name) {
        return program(new Hook.Tc(false), Optional.of(name));
    }

    /**
     * A socket filter (from the network header; {@code truncate} allowed), named by position ({@code
     * socket_1}).
     */
    public static ProgramStep socket() {
        return program(new Hook.Socket(), Optional.empty());
    }

    /** A named socket filter. */
    public static ProgramStep socket(String name) {
        return program(new Hook.Socket(), Optional.of(name));
    }

    /**
     * A cgroup ingress program (CGROUP_SKB: packets received by the cgroup's sockets, from the network
     * header), named by position ({@code cgroup_ingress_1}).
     */
    public static ProgramStep cgroupIngress() {
        return program(new Hook.Cgroup(Hook.CgroupKind.INGRESS), Optional.empty());
    }

    /** A named cgroup ingress program. */
    public static ProgramStep cgroupIngress(String name) {
        return program(new Hook.Cgroup(Hook.CgroupKind.INGRESS), Optional.of(name));
    }

    /**
     * A cgroup egress program (CGROUP_SKB: packets sent by the cgroup's sockets; a drop makes the send fail
     * with EPERM), named by position ({@code cgroup_egress_1}).
     */
    public static ProgramStep cgroupEgress() {
        return program(new Hook.Cgroup(Hook.CgroupKind.EGRESS), Optional.empty());
    }

    /** A named cgroup egress program. */
    public static ProgramStep cgroupEgress(String name) {
        return program(new Hook.Cgroup(Hook.CgroupKind.EGRESS), Optional.of(name));
    }

    /**
     * A cgroup device program (CGROUP_DEVICE: the cgroup's opening and creating of device nodes; its fields
     * are {@link #dev()}'s), named by position ({@code cgroup_device_1}).
     */
    public static ProgramStep cgroupDevice() {
        return program(new Hook.Cgroup(Hook.CgroupKind.DEVICE), Optional.empty());
    }

    /** A named cgroup device program. */
    public static ProgramStep cgroupDevice(String name) {
        return program(new Hook.Cgroup(Hook.CgroupKind.DEVICE), Optional.of(name));
    }

    /** The fields of cgroup device programs: {@code dev().isChar().and(dev().major().eq(1))}. */
    public static Protocols.Dev dev() {
        return new Protocols.Dev();
    }

    /**
     * A kprobe on a kernel function; {@code arg0}..{@code arg5} are its arguments. Attaching needs a kernel
     * with kprobes.
     */
    public static ProgramStep kprobe(String symbol) {
        return program(new Hook.Kprobe(symbol, false), Optional.empty());
    }

    /** A kretprobe on a kernel function; {@code retval} is its return value. */
    public static ProgramStep kretprobe(String symbol) {
        return program(new Hook.Kprobe(symbol, true), Optional.empty());
    }

    /**
     * A uprobe on SYMBOL of the ELF file at PATH, in every process that runs it; {@code arg0}..{@code arg5}
     * are its arguments.
     */
    public static ProgramStep uprobe(String path, String symbol) {
        return program(new Hook.Uprobe(path, symbol, false), Optional.empty());
    }

    /** A uretprobe on SYMBOL of the ELF file at PATH; {@code retval} is its return value. */
    public static ProgramStep uretprobe(String path, String symbol) {
        return program(new Hook.Uprobe(path, symbol, true), Optional.empty());
    }

    /**
     * A tracepoint program on {@code CATEGORY:EVENT}; {@code args.NAME} reads the fields of the event's
     * format file.
     */
    public static ProgramStep tracepoint(String category, String event) {
        return program(new Hook.Tracepoint(category, event), Optional.empty());
    }

    /**
     * A program sampling every CPU {@code hz} times a second (CPU-clock perf events); {@code pc} is the
     * sampled instruction pointer.
     */
    public static ProgramStep profile(long hz) {
        return program(new Hook.Profile(hz), Optional.empty());
    }

    /** The bare test {@code tcp}, and {@code tcp().dport()} and the other TCP fields. */
    public static Protocols.Tcp tcp() {
        return new Protocols.Tcp("");
    }

    /** The bare test {@code udp} and UDP's fields. */
    public static Protocols.Udp udp() {
        return new Protocols.Udp("");
    }

    /** The bare test {@code ip} (IPv4) and IPv4's fields. */
    public static Protocols.Ip ip() {
        return new Protocols.Ip("");
    }

    /** The bare test {@code ip6} and IPv6's fields. */
    public static Protocols.Ip6 ip6() {
        return new Protocols.Ip6("");
    }

    /** The bare test {@code icmp} (ICMP over IPv4) and its type and code. */
    public static Protocols.Icmp icmp() {
        return new Protocols.Icmp("icmp");
    }

    /** The bare test {@code icmp6} (ICMPv6) and its type and code. */
    public static Protocols.Icmp icmp6() {
        return new Protocols.Icmp("icmp6");
    }

    /** The bare test {@code eth} and the Ethernet fields (XDP, tc). */
    public static Protocols.Eth eth() {
        return new Protocols.Eth("");
    }

    /** The bare test {@code vlan} and {@code vlan.id}. */
    public static Protocols.Vlan vlan() {
        return new Protocols.Vlan("");
    }

    /** The bare test {@code arp}: an ARP packet (EtherType 0x0806 with its 28 bytes), and ARP's fields. */
    public static MoreProtocols.Arp arp() {
        return new MoreProtocols.Arp("");
    }

    /** The bare test {@code sctp} (protocol 132) and SCTP's ports. */
    public static MoreProtocols.Sctp sctp() {
        return new MoreProtocols.Sctp("");
    }

    /** The bare test {@code gre} (protocol 47) and {@code gre.proto}. */
    public static MoreProtocols.Gre gre() {
        return new MoreProtocols.Gre("");
    }

    /** The VXLAN header after UDP destination port 4789: {@code vxlan().vni(42)}. */
    public static MoreProtocols.Tunnel vxlan() {
        return new MoreProtocols.Tunnel("vxlan");
    }

    /** The Geneve header after UDP destination port 6081: {@code geneve().vni(42)}. */
    public static MoreProtocols.Tunnel geneve() {
        return new MoreProtocols.Tunnel("geneve");
    }

    /**
     * The test {@code frag}: an IPv4 packet with MF set or a non-zero offset, or an IPv6 packet with a
     * fragment header.
     */
    public static Condition frag() {
        return new Condition(new Expr.Field("frag", SourceLocation.caller()));
    }

    /**
     * The bytes after the TCP header (by its data offset), the UDP header or the first 8 bytes of an ICMP
     * or ICMPv6 message: {@code payload().bytes(0, 4).eq("GET ")}.
     */
    public static RawBytes.Header payload() {
        return new RawBytes.Header("payload");
    }

    /** The packet a VXLAN, Geneve or GRE tunnel carries: {@code inner().tcp().dport(22)} is {@code inner.tcp.dport == 22}. */
    public static Inner inner() {
        return new Inner();
    }

    /** Fields of every packet: {@code pkt().len()}. */
    public static Protocols.Pkt pkt() {
        return new Protocols.Pkt();
    }

    /** The process id (the kernel's tgid) of the task that hit the probe; every trace hook has it. */
    public static IntField pid() {
        return new IntField("pid");
    }

    /** The thread id of the task that hit the probe (the kernel's pid). */
    public static IntField tid() {
        return new IntField("tid");
    }

    /** The user id of the task that hit the probe. */
    public static IntField uid() {
        return new IntField("uid");
    }

    /** The group id of the task that hit the probe. */
    public static IntField gid() {
        return new IntField("gid");
    }

    /** The CPU the probe ran on. */
    public static IntField cpu() {
        return new IntField("cpu");
    }

    /** The monotonic clock in nanoseconds when the probe ran. */
    public static IntField nsecs() {
        return new IntField("nsecs");
    }

    /** The name of the task that hit the probe (16 bytes with the NUL): {@code comm().eq("bash")}. */
    public static StringValue comm() {
        return new StringValue(at -> new Expr.Field("comm", at));
    }

    /** Argument {@code n} (0 to 5) of the probed function, at a kprobe or uprobe. */
    public static IntField arg(int n) {
        if (n < 0 || n > 5) throw new IllegalArgumentException("arguments are arg0 to arg5, not arg" + n);
        return new IntField("arg" + n);
    }

    /** The probed function's return value, at a kretprobe or uretprobe. */
    public static IntField retval() {
        return new IntField("retval");
    }

    /** The sampled instruction pointer, in a profile program. */
    public static IntField pc() {
        return new IntField("pc");
    }

    /**
     * {@code args.NAME}: a field of a tracepoint's record, typed by the event's format file when the
     * program is compiled (so its name is the one string here).
     */
    public static IntField args(String name) {
        return new IntField("args." + name);
    }

    /**
     * {@code str(FIELD)}: the NUL-terminated string (up to 64 bytes) at the address the field holds, e.g.
     * {@code str(args("filename"))}; one per program.
     */
    public static StringValue str(IntField address) {
        return new StringValue(at -> new Expr.Call("str", List.of(address.expr(at)), at));
    }

    /**
     * {@code pcap "EXPR"}: the packets tcpdump keeps for the pcap-filter expression EXPR (libpcap's
     * meaning; docs/LANGUAGE-PCAP.md, "tcpdump expressions"). A filter that does not parse is reported
     * by the compiler at this line.
     */
    public static Condition pcap(String expression) {
        return new Condition(new Expr.Pcap(dev.sluice.dsl.model.PcapFilters.parse(expression), SourceLocation.caller()));
    }

    /**
     * {@code not C}: negates the whole condition, so {@code not(ip().src().eq(a))} holds for an IPv6 packet.
     */
    public static Condition not(Condition c) {
        return new Condition(new Expr.Not(c.expr(), SourceLocation.caller()), c.sets());
    }

    /** The range {@code low..high}, both ends included, for {@link IntField#in(Range)}. */
    public static Range range(long low, long high) {
        return new Range(low, high);
    }

    /** A named set of addresses, CIDRs, MACs or integers: {@code set("trusted", "10.0.0.0/8", "fd00::/8")}. */
    public static NamedSet set(String name, String... members) {
        SourceLocation at = SourceLocation.caller();
        List<Expr> parsed = new ArrayList<>();
        for (String m : members) parsed.add(Literals.parse(m, at));
        return new NamedSet(name, parsed, List.of(), at);
    }
}
