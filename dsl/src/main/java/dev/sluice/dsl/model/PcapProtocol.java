package dev.sluice.dsl.model;

/** The protocol names of pcap-filter that Sluice compiles for Ethernet frames. */
public enum PcapProtocol {
    /** No protocol qualifier. */
    DEFAULT("", -1),
    /** {@code ether} (also {@code link}). */
    ETHER("ether", -1),
    /** {@code ip} (IPv4). */
    IP("ip", -1),
    /** {@code ip6}. */
    IP6("ip6", -1),
    /** {@code arp}. */
    ARP("arp", -1),
    /** {@code rarp}. */
    RARP("rarp", -1),
    /** {@code tcp}, IP protocol 6. */
    TCP("tcp", 6),
    /** {@code udp}, IP protocol 17. */
    UDP("udp", 17),
    /** {@code sctp}, IP protocol 132. */
    SCTP("sctp", 132),
    /** {@code icmp}, IPv4 protocol 1. */
    ICMP("icmp", 1),
    /** {@code icmp6}, IPv6 next header 58. */
    ICMP6("icmp6", 58),
    /** {@code igmp}, IPv4 protocol 2. */
    IGMP("igmp", 2),
    /** {@code igrp}, IPv4 protocol 9. */
    IGRP("igrp", 9),
    /** {@code pim}, IP protocol 103. */
    PIM("pim", 103),
    /** {@code vrrp}, IPv4 protocol 112. */
    VRRP("vrrp", 112),
    /** {@code carp}, IPv4 protocol 112 (as libpcap). */
    CARP("carp", 112),
    /** {@code ah}, IP protocol 51. */
    AH("ah", 51),
    /** {@code esp}, IP protocol 50. */
    ESP("esp", 50);

    private final String word;
    private final int ipProtocol;

    PcapProtocol(String word, int ipProtocol) {
        this.word = word;
        this.ipProtocol = ipProtocol;
    }

    /** The name as a filter writes it ({@code ""} for the default). */
    public String word() {
        return word;
    }

    /** The IP protocol number this name tests, or -1 for the link and network protocols. */
    public int ipProtocol() {
        return ipProtocol;
    }
}
