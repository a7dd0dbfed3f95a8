package dev.sluice.dsl;

import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.SourceLocation;

/**
 * The packet a VXLAN, Geneve or GRE tunnel carries (docs/LANGUAGE-RAW-BYTES.md, "Tunnels"): the same protocol
 * steps as {@link Sluice}'s, each reading the inner packet, so that
 * {@code inner().tcp().dport(22)} is the script's {@code inner.tcp.dport == 22}. Absent (every
 * comparison false) in a packet that carries no tunnel. There is no inner packet length, and the
 * inner packet's own tunnels are not followed (one level only).
 */
public final class Inner {
    private static final String LAYER = "inner.";

    Inner() {}

    /** {@code inner.tcp} and the inner TCP fields. */
    public Protocols.Tcp tcp() {
        return new Protocols.Tcp(LAYER);
    }

    /** {@code inner.udp} and the inner UDP fields. */
    public Protocols.Udp udp() {
        return new Protocols.Udp(LAYER);
    }

    /** {@code inner.ip} (the inner packet is IPv4) and its fields. */
    public Protocols.Ip ip() {
        return new Protocols.Ip(LAYER);
    }

    /** {@code inner.ip6} and the inner IPv6 fields. */
    public Protocols.Ip6 ip6() {
        return new Protocols.Ip6(LAYER);
    }

    /** {@code inner.icmp} and its type and code. */
    public Protocols.Icmp icmp() {
        return new Protocols.Icmp(LAYER + "icmp");
    }

    /** {@code inner.icmp6} and its type and code. */
    public Protocols.Icmp icmp6() {
        return new Protocols.Icmp(LAYER + "icmp6");
    }

    /**
     * {@code inner.eth} (the tunnel carries an Ethernet frame) and its fields; {@code type()} is also
     * there when GRE carries IP without an Ethernet header: GRE's protocol, 0x0800 or 0x86dd.
     */
    public Protocols.Eth eth() {
        return new Protocols.Eth(LAYER);
    }

    /** {@code inner.vlan} and the inner frame's tags. */
    public Protocols.Vlan vlan() {
        return new Protocols.Vlan(LAYER);
    }

    /** {@code inner.arp} and the inner ARP fields. */
    public MoreProtocols.Arp arp() {
        return new MoreProtocols.Arp(LAYER);
    }

    /** {@code inner.sctp} and its ports. */
    public MoreProtocols.Sctp sctp() {
        return new MoreProtocols.Sctp(LAYER);
    }

    /** {@code inner.gre} and {@code inner.gre.proto} (read, not followed). */
    public MoreProtocols.Gre gre() {
        return new MoreProtocols.Gre(LAYER);
    }

    /** {@code inner.frag}: the inner packet is a fragment. */
    public Condition frag() {
        return new Condition(new Expr.Field(LAYER + "frag", SourceLocation.caller()));
    }

    /**
     * {@code inner.payload}: what follows the inner TCP header (by its data offset), UDP header or first
     * 8 bytes of an ICMP or ICMPv6 message: {@code inner().payload().bytes(0, 4).eq("GET ")}.
     */
    public RawBytes.Header payload() {
        return new RawBytes.Header(LAYER + "payload");
    }
}
