package dev.sluice.compiler.codegen;

import dev.sluice.compiler.hooks.PacketField;
import java.util.List;

/**
 * Where the fixed fields of the ARP, IP and L4 headers sit: one table that the direct parse
 * ({@link PacketParser}) and the socket filter's copying parse ({@link SocketParser}) both read,
 * in the order they emit the fields.
 */
final class HeaderLayout {
    private HeaderLayout() {}

    /** A big-endian field of {@code bytes} at {@code offset} from the start of its header. */
    record FieldAt(PacketField field, int offset, int bytes) {}

    /** A header: the bytes that must all be there for it to count, and the value fields read from it. */
    record Header(int length, List<FieldAt> fields) {
        Header {
            fields = List.copyOf(fields);
        }

        PacketField[] valueFields() {
            return fields.stream().map(FieldAt::field).toArray(PacketField[]::new);
        }
    }

    /** The EtherTypes the network parses dispatch on. */
    static final int ETH_IPV4 = 0x0800;
    static final int ETH_IPV6 = 0x86dd;
    static final int ETH_ARP = 0x0806;

    /** The fixed IPv4 header (options follow it, IHL says how many). */
    static final Header IPV4 = new Header(20, List.of(
            new FieldAt(PacketField.IP_TOS, 1, 1),
            new FieldAt(PacketField.IP_LEN, 2, 2),
            new FieldAt(PacketField.IP_ID, 4, 2),
            new FieldAt(PacketField.IP_TTL, 8, 1),
            new FieldAt(PacketField.IP_SRC, 12, 4),
            new FieldAt(PacketField.IP_DST, 16, 4)));
    /** The fixed IPv6 header's one-slot fields (the addresses take two slots each and are read apart). */
    static final Header IPV6 = new Header(40, List.of(
            new FieldAt(PacketField.IP6_HLIM, 7, 1),
            new FieldAt(PacketField.IP6_PLEN, 4, 2)));
    /** IPv6's first word: version, traffic class (bits 20-27), flow label (bits 0-19). */
    static final int IPV6_FIRST_WORD = 0;
    /** ARP for Ethernet and IPv4 (MAC addresses are 6 bytes, read as 48-bit numbers). */
    static final Header ARP = new Header(28, List.of(
            new FieldAt(PacketField.ARP_OP, 6, 2),
            new FieldAt(PacketField.ARP_SHA, 8, 6),
            new FieldAt(PacketField.ARP_SPA, 14, 4),
            new FieldAt(PacketField.ARP_THA, 18, 6),
            new FieldAt(PacketField.ARP_TPA, 24, 4)));
    /** GRE's checksum (C), key (K) and sequence number (S) flags in byte 0: each adds a 4-byte word after the 4 fixed bytes. */
    static final List<Integer> GRE_OPTIONAL_WORDS = List.of(0x80, 0x20, 0x10);
    /** The UDP destination ports that carry VXLAN and Geneve. */
    static final int VXLAN_PORT = 4789;
    static final int GENEVE_PORT = 6081;
    /** The VXLAN or Geneve header's network identifier: bytes 4-6 after the 8-byte UDP header, read as 4 and shifted. */
    static final int VNI_AFTER_UDP = 8 + 4;
    /** Where a VXLAN header, or a Geneve header before its options, ends: the 8-byte UDP header and its own 8. */
    static final int TUNNEL_END = 8 + 8;
    /** IPv4's flags and fragment offset (two bytes; the low 13 bits are the offset). */
    static final int IPV4_FRAGMENT = 6;
    /** IPv4's protocol byte. */
    static final int IPV4_PROTOCOL = 9;

    /** TCP's data offset: byte 12's high nibble, the header's length in 4-byte words. */
    static final int TCP_DATA_OFFSET = 12;
    /** Where {@code payload} starts after a UDP header or an ICMP or ICMPv6 message. */
    static final int PAYLOAD_AFTER = 8;

    static final Header TCP = new Header(20, List.of(
            new FieldAt(PacketField.TCP_SPORT, 0, 2),
            new FieldAt(PacketField.TCP_DPORT, 2, 2),
            new FieldAt(PacketField.TCP_FLAGS, 13, 1),
            new FieldAt(PacketField.TCP_WIN, 14, 2)));
    static final Header UDP = new Header(8, List.of(
            new FieldAt(PacketField.UDP_SPORT, 0, 2),
            new FieldAt(PacketField.UDP_DPORT, 2, 2),
            new FieldAt(PacketField.UDP_LEN, 4, 2)));
    static final Header SCTP = new Header(12, List.of(
            new FieldAt(PacketField.SCTP_SPORT, 0, 2),
            new FieldAt(PacketField.SCTP_DPORT, 2, 2)));
    static final Header ICMP = new Header(4, List.of(
            new FieldAt(PacketField.ICMP_TYPE, 0, 1),
            new FieldAt(PacketField.ICMP_CODE, 1, 1)));
    static final Header ICMP6 = new Header(4, List.of(
            new FieldAt(PacketField.ICMP6_TYPE, 0, 1),
            new FieldAt(PacketField.ICMP6_CODE, 1, 1)));
}
