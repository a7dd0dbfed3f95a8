package dev.sluice.testing;

import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/**
 * Builds an Ethernet frame layer by layer:
 * {@code FrameBuilder.ethernet().vlan(100).ipv4("198.18.0.2", "198.18.0.1").tcp(40000, 22).flags(FrameBuilder.SYN).build()}.
 *
 * <p>Each method changes this builder and returns it; {@link #copy()} branches one off. Lengths and
 * counts the headers carry (IPv4 total length and IHL, IPv6 payload length, UDP length, the next
 * header of each IPv6 extension header) are computed when the frame is built unless set
 * explicitly, so that a malformed frame is built by saying what is wrong with it. Checksums are
 * left zero: no rule reads them. The frame is not padded to Ethernet's 60 bytes unless asked
 * ({@link #padTo}), because {@code pkt.len} sees the difference.
 */
public final class FrameBuilder {
    /** TCP flag FIN. */
    public static final int FIN = 0x01;
    /** TCP flag SYN. */
    public static final int SYN = 0x02;
    /** TCP flag RST. */
    public static final int RST = 0x04;
    /** TCP flag PSH. */
    public static final int PSH = 0x08;
    /** TCP flag ACK. */
    public static final int ACK = 0x10;
    /** TCP flag URG. */
    public static final int URG = 0x20;

    final FrameFields fields;

    private FrameBuilder(FrameFields fields) {
        this.fields = fields;
    }

    /**
     * An Ethernet header from 02:00:00:00:00:01 to 02:00:00:00:00:02 with nothing after it yet; its
     * EtherType follows the network layer chosen next (0 when there is none).
     */
    public static FrameBuilder ethernet() {
        return new FrameBuilder(new FrameFields());
    }

    /** An independent builder with this one's layers, to build a variant without changing this one. */
    public FrameBuilder copy() {
        return new FrameBuilder(fields.copy());
    }

    /** The source MAC address, {@code "aa:bb:cc:dd:ee:ff"}. */
    public FrameBuilder src(String mac) {
        fields.srcMac = Addresses.mac(mac);
        return this;
    }

    /** The destination MAC address, {@code "ff:ff:ff:ff:ff:ff"}. */
    public FrameBuilder dst(String mac) {
        fields.dstMac = Addresses.mac(mac);
        return this;
    }

    /** Adds an 802.1Q tag (TPID 0x8100) with VLAN {@code id} and priority 0; call twice for two tags. */
    public FrameBuilder vlan(int id) {
        return tag(0x8100, id & 0xfff);
    }

    /** Adds a tag with any TPID (0x8100, 0x88a8, or another for a malformed frame) and tag control word. */
    public FrameBuilder tag(int tpid, int tci) {
        fields.tags.add(new int[] {tpid & 0xffff, tci & 0xffff});
        return this;
    }

    /** Sets the EtherType after the tags, overriding the one the network layer implies. */
    public FrameBuilder etherType(int type) {
        fields.etherType = OptionalInt.of(type & 0xffff);
        return this;
    }

    /** An IPv4 header (TTL 64, id 1, no flags) from {@code src} to {@code dst}, dotted quads. */
    public FrameBuilder ipv4(String src, String dst) {
        fields.network = FrameFields.Network.IPV4;
        fields.ipSrc = Addresses.ipv4(src);
        fields.ipDst = Addresses.ipv4(dst);
        return this;
    }

    /** An IPv6 header (hop limit 64) from {@code src} to {@code dst}, in any IPv6 text form. */
    public FrameBuilder ipv6(String src, String dst) {
        fields.network = FrameFields.Network.IPV6;
        fields.ipSrc = Addresses.ipv6(src);
        fields.ipDst = Addresses.ipv6(dst);
        return this;
    }

    /** An ARP request for IPv4 over Ethernet (its 28 bytes), EtherType 0x0806. */
    public FrameBuilder arp() {
        fields.network = FrameFields.Network.ARP;
        return this;
    }

    /** IPv4 TTL or IPv6 hop limit. */
    public FrameBuilder ttl(int ttl) {
        fields.ttl = ttl & 0xff;
        return this;
    }

    /** IPv4 type of service or IPv6 traffic class. */
    public FrameBuilder tos(int tos) {
        fields.tos = tos & 0xff;
        return this;
    }

    /** The IPv4 identification field. */
    public FrameBuilder id(int id) {
        fields.ipId = id & 0xffff;
        return this;
    }

    /** IPv4 options, padded with zeros to a multiple of 4 bytes (at most 40); IHL grows with them. */
    public FrameBuilder ipOptions(byte[] options) {
        if (options.length > 40) throw new IllegalArgumentException("IPv4 options are at most 40 bytes, not " + options.length);
        fields.ipOptions = java.util.Arrays.copyOf(options, (options.length + 3) / 4 * 4);
        return this;
    }

    /** Sets IPv4's IHL to {@code words} whatever the options are: below 5 makes a malformed header. */
    public FrameBuilder ihl(int words) {
        fields.ihl = OptionalInt.of(words & 0xf);
        return this;
    }

    /** Sets the IPv4 total length or IPv6 payload length instead of computing it. */
    public FrameBuilder ipLength(int length) {
        fields.ipLength = OptionalInt.of(length & 0xffff);
        return this;
    }

    /** Sets IPv4's don't-fragment flag. */
    public FrameBuilder dontFragment() {
        fields.fragmentBits |= 0x4000;
        return this;
    }

    /**
     * Makes the packet a fragment: in IPv4 the offset (in 8-byte units) and more-fragments flag; in
     * IPv6 a fragment extension header with them. An offset above 0 is a later fragment, whose L4
     * fields the rules do not see.
     */
    public FrameBuilder fragment(int offset, boolean more) {
        if (fields.network == FrameFields.Network.IPV6) {
            fields.extensions.add(new FrameFields.Extension(44, 0, offset & 0x1fff, more));
        } else {
            fields.fragmentBits = fields.fragmentBits & 0x4000 | (more ? 0x2000 : 0) | offset & 0x1fff;
        }
        return this;
    }

    /**
     * Adds an IPv6 extension header of {@code type} (hop-by-hop 0, routing 43, destination options 60,
     * or any other number) of {@code (units + 1) * 8} bytes; the next-header chain is filled in.
     */
    public FrameBuilder extension(int type, int units) {
        fields.extensions.add(new FrameFields.Extension(type & 0xff, units & 0xff, 0, false));
        return this;
    }

    /** A TCP header (sequence 1, window 65535, no flags) from port {@code sport} to {@code dport}. */
    public FrameBuilder tcp(int sport, int dport) {
        return transport(FrameFields.Transport.TCP, 6, sport, dport);
    }

    /** The TCP flags: an OR of {@link #SYN}, {@link #ACK}, ... */
    public FrameBuilder flags(int flags) {
        fields.tcpFlags = flags & 0xff;
        return this;
    }

    /** The TCP window. */
    public FrameBuilder window(int window) {
        fields.window = window & 0xffff;
        return this;
    }

    /** A UDP header from {@code sport} to {@code dport}; its length covers the payload. */
    public FrameBuilder udp(int sport, int dport) {
        return transport(FrameFields.Transport.UDP, 17, sport, dport);
    }

    /** An 8-byte ICMP header of {@code type} and {@code code}, the rest zero (ICMPv6, protocol 58, under IPv6). */
    public FrameBuilder icmp(int type, int code) {
        int protocol = fields.network == FrameFields.Network.IPV6 ? 58 : 1;
        return transport(FrameFields.Transport.ICMP, protocol, type, code);
    }

    /** An SCTP common header (protocol 132, 12 bytes) from {@code sport} to {@code dport}, no chunks unless a payload follows. */
    public FrameBuilder sctp(int sport, int dport) {
        return transport(FrameFields.Transport.SCTP, 132, sport, dport);
    }

    /** Another IP protocol: its number, with whatever follows given as {@link #payload}. */
    public FrameBuilder protocol(int protocol) {
        return transport(FrameFields.Transport.RAW, protocol, 0, 0);
    }

    private FrameBuilder transport(FrameFields.Transport kind, int protocol, int first, int second) {
        fields.transport = kind;
        fields.protocol = protocol & 0xff;
        fields.l4First = first & 0xffff;
        fields.l4Second = second & 0xffff;
        return this;
    }

    /** Bytes after the last header. */
    public FrameBuilder payload(byte[] payload) {
        fields.payload = payload.clone();
        return this;
    }

    /** The payload as UTF-8 text. */
    public FrameBuilder payload(String text) {
        return payload(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A VXLAN tunnel: UDP to port 4789 carrying an 8-byte VXLAN header with {@code vni} and the inner frame. */
    public FrameBuilder vxlan(int vni, FrameBuilder inner) {
        return udp(fields.l4First == 0 ? 49152 : fields.l4First, 4789).payload(Tunnels.vxlan(vni, inner.build()));
    }

    /** A Geneve tunnel without options: UDP to port 6081 carrying the inner Ethernet frame. */
    public FrameBuilder geneve(int vni, FrameBuilder inner) {
        return udp(fields.l4First == 0 ? 49152 : fields.l4First, 6081).payload(Tunnels.geneve(vni, inner.build()));
    }

    /**
     * A GRE tunnel (protocol 47): the inner frame whole (0x6558, transparent Ethernet bridging) when it
     * has no IP layer of its own to carry, else its IP packet with 0x0800 or 0x86dd.
     */
    public FrameBuilder gre(FrameBuilder inner) {
        protocol(47);
        return payload(Tunnels.gre(inner.fields, inner.build()));
    }

    /** Pads the built frame with zero bytes up to {@code length} (60 for Ethernet's minimum without FCS). */
    public FrameBuilder padTo(int length) {
        fields.padTo = length;
        return this;
    }

    /** Both MAC addresses as bytes, for generated frames. */
    FrameBuilder macs(byte[] src, byte[] dst) {
        fields.srcMac = src.clone();
        fields.dstMac = dst.clone();
        return this;
    }

    /** Both IP addresses as bytes (4 or 16 each, as the network layer chosen), for generated frames. */
    FrameBuilder addresses(byte[] src, byte[] dst) {
        fields.ipSrc = src.clone();
        fields.ipDst = dst.clone();
        return this;
    }

    /** The frame's bytes. */
    public byte[] build() {
        return frame().bytes();
    }

    /** The frame with the offsets where its headers end, for cutting it at a header boundary. */
    public Frame frame() {
        return FrameEncoder.encode(fields);
    }
}
