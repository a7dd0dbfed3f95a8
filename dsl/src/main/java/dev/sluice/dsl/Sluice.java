package dev.sluice.dsl;

import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.Hook;
import dev.sluice.dsl.model.NamedSet;
import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Java DSL's entry points (import static dev.sluice.dsl.Sluice.*):
 * {@code Program ssh = xdp().when(tcp().dport(22)).drop();}
 */
public final class Sluice {
    private Sluice() {}

    /** A range {@code lo..hi}, both ends included. */
    public record Range(long low, long high) {}

    private static Program program(Hook hook, Optional<String> name) {
        return new Program(hook, name, List.of(), List.of(), SourceLocation.caller());
    }

    /**
     * An XDP program (from the Ethernet header, before the kernel's stack) named by position: {@code xdp_1},
     * {@code xdp_2}, ...
     */
    public static Program xdp() {
        return program(new Hook.Xdp(), Optional.empty());
    }

    /** An XDP program with a name of its own, which is its name in the kernel and in the CLI's output. */
    public static Program xdp(String name) {
        return program(new Hook.Xdp(), Optional.of(name));
    }

    /** A tc ingress program (SCHED_CLS, attached as tcx), named by position ({@code tc_ingress_1}). */
    public static Program tcIngress() {
        return program(new Hook.Tc(true), Optional.empty());
    }

    /** A named tc ingress program. */
    public static Program tcIngress(String name) {
        return program(new Hook.Tc(true), Optional.of(name));
    }

    /** A tc egress program, named by position ({@code tc_egress_1}). */
    public static Program tcEgress() {
        return program(new Hook.Tc(false), Optional.empty());
    }

    /** A named tc egress program. */
    public static Program tcEgress(String name) {
        return program(new Hook.Tc(false), Optional.of(name));
    }

    /** {@code tc ingress} or {@code tc egress}, as the script writes it: {@code tc("egress")}. */
    public static Program tc(String direction) {
        return program(new Hook.Tc(ingress(direction)), Optional.empty());
    }

    /** A named tc program in the direction given as the script writes it. */
    public static Program tc(String direction, String name) {
        return program(new Hook.Tc(ingress(direction)), Optional.of(name));
    }

    private static boolean ingress(String direction) {
        switch (direction) {
            case "ingress": return true;
            case "egress": return false;
            default: throw new IllegalArgumentException("tc takes \"ingress\" or \"egress\", not \"" + direction + "\"");
        }
    }

    /**
     * A socket filter (from the network header; {@code truncate} allowed), named by position ({@code
     * socket_1}).
     */
    public static Program socket() {
        return program(new Hook.Socket(), Optional.empty());
    }

    /** A named socket filter. */
    public static Program socket(String name) {
        return program(new Hook.Socket(), Optional.of(name));
    }

    /** {@code cgroup ingress}, {@code cgroup egress} or {@code cgroup device}: {@code cgroup("device")}. */
    public static Program cgroup(String kind) {
        return program(new Hook.Cgroup(cgroupKind(kind)), Optional.empty());
    }

    /** A named cgroup program of the kind given as the script writes it. */
    public static Program cgroup(String kind, String name) {
        return program(new Hook.Cgroup(cgroupKind(kind)), Optional.of(name));
    }

    private static Hook.CgroupKind cgroupKind(String kind) {
        switch (kind) {
            case "ingress": return Hook.CgroupKind.INGRESS;
            case "egress": return Hook.CgroupKind.EGRESS;
            case "device": return Hook.CgroupKind.DEVICE;
            default: throw new IllegalArgumentException("cgroup takes \"ingress\", \"egress\" or \"device\", not \"" + kind + "\"");
        }
    }

    /**
     * A cgroup ingress program (CGROUP_SKB: packets received by the cgroup's sockets, from the network
     * header).
     */
    public static Program cgroupIngress() {
        return program(new Hook.Cgroup(Hook.CgroupKind.INGRESS), Optional.empty());
    }

    /**
     * A cgroup egress program (CGROUP_SKB: packets sent by the cgroup's sockets; a drop makes the send fail
     * with EPERM).
     */
    public static Program cgroupEgress() {
        return program(new Hook.Cgroup(Hook.CgroupKind.EGRESS), Optional.empty());
    }

    /** The fields of cgroup device programs: {@code dev().isChar().and(dev().major().eq(1))}. */
    public static Protocols.Dev dev() {
        return new Protocols.Dev();
    }

    /**
     * A kprobe on a kernel function; {@code arg0}..{@code arg5} are its arguments. Attaching needs a kernel
     * with kprobes.
     */
    public static Program kprobe(String symbol) {
        return program(new Hook.Kprobe(symbol, false), Optional.empty());
    }

    /** A kretprobe on a kernel function; {@code retval} is its return value. */
    public static Program kretprobe(String symbol) {
        return program(new Hook.Kprobe(symbol, true), Optional.empty());
    }

    /**
     * A uprobe on SYMBOL of the ELF file at PATH, in every process that runs it; {@code arg0}..{@code arg5}
     * are its arguments.
     */
    public static Program uprobe(String path, String symbol) {
        return program(new Hook.Uprobe(path, symbol, false), Optional.empty());
    }

    /** A uretprobe on SYMBOL of the ELF file at PATH; {@code retval} is its return value. */
    public static Program uretprobe(String path, String symbol) {
        return program(new Hook.Uprobe(path, symbol, true), Optional.empty());
    }

    /**
     * A tracepoint program on {@code CATEGORY:EVENT}; {@code args.NAME} reads the fields of the event's
     * format file.
     */
    public static Program tracepoint(String category, String event) {
        return program(new Hook.Tracepoint(category, event), Optional.empty());
    }

    /**
     * A program sampling every CPU {@code hz} times a second (CPU-clock perf events); {@code pc} is the
     * sampled instruction pointer.
     */
    public static Program profile(long hz) {
        return program(new Hook.Profile(hz), Optional.empty());
    }

    /** The bare test {@code tcp}, and {@code tcp().dport()} and the other TCP fields. */
    public static Protocols.Tcp tcp() {
        return new Protocols.Tcp();
    }

    /** The bare test {@code udp} and UDP's fields. */
    public static Protocols.Udp udp() {
        return new Protocols.Udp();
    }

    /** The bare test {@code ip} (IPv4) and IPv4's fields. */
    public static Protocols.Ip ip() {
        return new Protocols.Ip();
    }

    /** The bare test {@code ip6} and IPv6's fields. */
    public static Protocols.Ip6 ip6() {
        return new Protocols.Ip6();
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
        return new Protocols.Eth();
    }

    /** The bare test {@code vlan} and {@code vlan.id}. */
    public static Protocols.Vlan vlan() {
        return new Protocols.Vlan();
    }

    /** The bare test {@code arp}: an ARP packet (EtherType 0x0806 with its 28 bytes). */
    public static Condition arp() {
        return new Condition(new Expr.Field("arp", SourceLocation.caller()));
    }

    /** Fields of every packet: {@code pkt().len()}. */
    public static Protocols.Pkt pkt() {
        return new Protocols.Pkt();
    }

    /** Any number field by its script name: {@code field("ip.ttl")}, {@code field("args.flags")}. */
    public static IntField field(String name) {
        return new IntField(name);
    }

    /** Trace fields: the process and thread ids, the user, an argument at function entry, a return value. */
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

    /** Argument {@code n} (0 to 5) of the probed function, at a kprobe or uprobe. */
    public static IntField arg(int n) {
        if (n < 0 || n > 5) throw new IllegalArgumentException("arguments are arg0 to arg5, not arg" + n);
        return new IntField("arg" + n);
    }

    /** The probed function's return value, at a kretprobe or uretprobe. */
    public static IntField retval() {
        return new IntField("retval");
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
