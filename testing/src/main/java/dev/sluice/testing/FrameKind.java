package dev.sluice.testing;

/** The kinds of frames {@link Frames#of(FrameKind)} draws. */
public enum FrameKind {
    /** Whole TCP segments over IPv4 or IPv6, tagged or not, not a later fragment. */
    TCP,
    /** Whole UDP datagrams over IPv4 or IPv6. */
    UDP,
    /** Whole ICMP (over IPv4) and ICMPv6 messages. */
    ICMP,
    /** Whole IPv4 packets of any transport. */
    IPV4,
    /** Whole IPv6 packets of any transport, with extension headers. */
    IPV6,
    /** ARP frames. */
    ARP,
    /** Frames with one or two VLAN tags (802.1Q or 802.1ad). */
    TAGGED,
    /** IPv4 and IPv6 fragments, first and later ones. */
    FRAGMENTED,
    /**
     * Frames a parser must not trust: IHL below 5, wrong IP lengths, a third VLAN tag, an 802.3 length
     * for a type, five IPv6 extension headers, or random bytes.
     */
    MALFORMED,
    /** Frames cut short: at a header boundary, one byte before it, or anywhere. */
    CUT_SHORT
}
