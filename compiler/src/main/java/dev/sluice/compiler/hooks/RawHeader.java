package dev.sluice.compiler.hooks;

import java.util.Optional;

/**
 * The headers raw bytes read from ({@code tcp[13]}, {@code payload[0:4]}), each with what says it is
 * there and where it starts: the one table of docs/LANGUAGE-RAW-BYTES.md's "Raw bytes". A header is there when
 * {@link #test} holds and its start was recorded; with no start field it begins at the packet's first byte.
 */
public enum RawHeader {
    /** The Ethernet header, at the frame's first byte (xdp and tc; absent in cgroup programs). */
    ETH("eth", PacketField.ETH, null),
    /** The IPv4 header, options included. */
    IP("ip", PacketField.IP, PacketField.NETWORK_START),
    /** The fixed IPv6 header. */
    IP6("ip6", PacketField.IP6, PacketField.NETWORK_START),
    /** The TCP header, when its fields are present. */
    TCP("tcp", PacketField.TCP, PacketField.TRANSPORT_START),
    /** The UDP header, when its fields are present. */
    UDP("udp", PacketField.UDP, PacketField.TRANSPORT_START),
    /** The ICMP message, when its fields are present. */
    ICMP("icmp", PacketField.ICMP, PacketField.TRANSPORT_START),
    /** The ICMPv6 message, when its fields are present. */
    ICMP6("icmp6", PacketField.ICMP6, PacketField.TRANSPORT_START),
    /** The SCTP common header, when its fields are present. */
    SCTP("sctp", PacketField.SCTP, PacketField.TRANSPORT_START),
    /** The ARP header. */
    ARP("arp", PacketField.ARP, PacketField.NETWORK_START),
    /** What follows the TCP header (by a data offset of 5 or more), the UDP header, or an ICMP or ICMPv6 message's first 8 bytes. */
    PAYLOAD("payload", PacketField.PAYLOAD_START, PacketField.PAYLOAD_START),
    /** {@code inner.eth}: the Ethernet frame a VXLAN, Geneve or GRE 0x6558 tunnel carries (absent when GRE carries IP). */
    INNER_ETH(ETH),
    /** {@code inner.ip}: {@code ip} of the packet a tunnel carries. */
    INNER_IP(IP),
    /** {@code inner.ip6}: {@code ip6} of the packet a tunnel carries. */
    INNER_IP6(IP6),
    /** {@code inner.tcp}: {@code tcp} of the packet a tunnel carries. */
    INNER_TCP(TCP),
    /** {@code inner.udp}: {@code udp} of the packet a tunnel carries. */
    INNER_UDP(UDP),
    /** {@code inner.icmp}: {@code icmp} of the packet a tunnel carries. */
    INNER_ICMP(ICMP),
    /** {@code inner.icmp6}: {@code icmp6} of the packet a tunnel carries. */
    INNER_ICMP6(ICMP6),
    /** {@code inner.sctp}: {@code sctp} of the packet a tunnel carries. */
    INNER_SCTP(SCTP),
    /** {@code inner.arp}: {@code arp} of the packet a tunnel carries. */
    INNER_ARP(ARP),
    /** {@code inner.payload}: {@code payload} of the packet a tunnel carries. */
    INNER_PAYLOAD(PAYLOAD);

    /**
     * Raw bytes read within a packet's first 65,535 bytes: the verifier tracks packet ranges that far
     * (MAX_PACKET_OFF), so a read ending beyond counts as past the end and a constant offset beyond is an error.
     */
    public static final int READ_LIMIT = 0xffff;

    private final String scriptName;
    private final PacketField test;
    private final PacketField start;

    RawHeader(String scriptName, PacketField test, PacketField start) {
        this.scriptName = scriptName;
        this.test = test;
        this.start = start;
    }

    /**
     * The inner layer's twin of {@code outer}: its test and start are the inner twins of the outer
     * header's, and a frame, which the outer packet begins with, starts where the tunnel's frame does.
     */
    RawHeader(RawHeader outer) {
        this.scriptName = PacketField.INNER_PREFIX + outer.scriptName;
        this.test = outer.test.inner().orElseThrow();
        this.start = (outer.start == null ? PacketField.FRAME_START : outer.start).inner().orElseThrow();
    }

    /** Whether this header is read from the packet a tunnel carries ({@code inner.tcp}). */
    public boolean isInner() {
        return test.isInner();
    }

    /** The name a script writes before the brackets. */
    public String scriptName() {
        return scriptName;
    }

    /** The test or field that must be present for the header to be there. */
    public PacketField test() {
        return test;
    }

    /** The field holding the header's offset from the packet's first byte; empty when that is 0. */
    public Optional<PacketField> start() {
        return Optional.ofNullable(start);
    }

    /** The header a script names {@code name}, if raw bytes read it. */
    public static Optional<RawHeader> byScriptName(String name) {
        for (RawHeader h : values()) if (h.scriptName.equals(name)) return Optional.of(h);
        return Optional.empty();
    }
}
