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

    public static Program xdp() {
        return program(new Hook.Xdp(), Optional.empty());
    }

    public static Program xdp(String name) {
        return program(new Hook.Xdp(), Optional.of(name));
    }

    public static Program tcIngress() {
        return program(new Hook.Tc(true), Optional.empty());
    }

    public static Program tcIngress(String name) {
        return program(new Hook.Tc(true), Optional.of(name));
    }

    public static Program tcEgress() {
        return program(new Hook.Tc(false), Optional.empty());
    }

    public static Program tcEgress(String name) {
        return program(new Hook.Tc(false), Optional.of(name));
    }

    /** {@code tc ingress} or {@code tc egress}, as the script writes it: {@code tc("egress")}. */
    public static Program tc(String direction) {
        return program(new Hook.Tc(ingress(direction)), Optional.empty());
    }

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

    public static Program socket() {
        return program(new Hook.Socket(), Optional.empty());
    }

    public static Program socket(String name) {
        return program(new Hook.Socket(), Optional.of(name));
    }

    /** {@code cgroup ingress}, {@code cgroup egress} or {@code cgroup device}: {@code cgroup("device")}. */
    public static Program cgroup(String kind) {
        return program(new Hook.Cgroup(cgroupKind(kind)), Optional.empty());
    }

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

    public static Program cgroupIngress() {
        return program(new Hook.Cgroup(Hook.CgroupKind.INGRESS), Optional.empty());
    }

    public static Program cgroupEgress() {
        return program(new Hook.Cgroup(Hook.CgroupKind.EGRESS), Optional.empty());
    }

    /** The fields of cgroup device programs: {@code dev().isChar().and(dev().major().eq(1))}. */
    public static Protocols.Dev dev() {
        return new Protocols.Dev();
    }

    public static Program kprobe(String symbol) {
        return program(new Hook.Kprobe(symbol, false), Optional.empty());
    }

    public static Program kretprobe(String symbol) {
        return program(new Hook.Kprobe(symbol, true), Optional.empty());
    }

    public static Program uprobe(String path, String symbol) {
        return program(new Hook.Uprobe(path, symbol, false), Optional.empty());
    }

    public static Program uretprobe(String path, String symbol) {
        return program(new Hook.Uprobe(path, symbol, true), Optional.empty());
    }

    public static Program tracepoint(String category, String event) {
        return program(new Hook.Tracepoint(category, event), Optional.empty());
    }

    public static Program profile(long hz) {
        return program(new Hook.Profile(hz), Optional.empty());
    }

    public static Protocols.Tcp tcp() {
        return new Protocols.Tcp();
    }

    public static Protocols.Udp udp() {
        return new Protocols.Udp();
    }

    public static Protocols.Ip ip() {
        return new Protocols.Ip();
    }

    public static Protocols.Ip6 ip6() {
        return new Protocols.Ip6();
    }

    public static Protocols.Icmp icmp() {
        return new Protocols.Icmp("icmp");
    }

    public static Protocols.Icmp icmp6() {
        return new Protocols.Icmp("icmp6");
    }

    public static Protocols.Eth eth() {
        return new Protocols.Eth();
    }

    public static Protocols.Vlan vlan() {
        return new Protocols.Vlan();
    }

    public static Condition arp() {
        return new Condition(new Expr.Field("arp", SourceLocation.caller()));
    }

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

    public static IntField tid() {
        return new IntField("tid");
    }

    public static IntField uid() {
        return new IntField("uid");
    }

    public static IntField arg(int n) {
        if (n < 0 || n > 5) throw new IllegalArgumentException("arguments are arg0 to arg5, not arg" + n);
        return new IntField("arg" + n);
    }

    public static IntField retval() {
        return new IntField("retval");
    }

    public static Condition not(Condition c) {
        return new Condition(new Expr.Not(c.expr(), SourceLocation.caller()), c.sets());
    }

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
