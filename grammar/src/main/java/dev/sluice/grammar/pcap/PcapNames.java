package dev.sluice.grammar.pcap;

import java.util.Map;
import java.util.Optional;

/**
 * The names pcap-filter turns into numbers without a system database: libpcap's scanner constants
 * ({@code tcpflags}, {@code tcp-syn}, {@code icmp-echo}, ...), and the protocol names that
 * {@code proto} and {@code ether proto} take (escaped where they are keywords: {@code proto \tcp}),
 * as /etc/protocols and libpcap's own EtherType table give them. Host, network and port names need
 * name look-ups and are refused.
 */
final class PcapNames {
    private PcapNames() {}

    private static final Map<String, Long> CONSTANTS = Map.ofEntries(
            Map.entry("icmptype", 0L), Map.entry("icmpcode", 1L),
            Map.entry("icmp-echoreply", 0L), Map.entry("icmp-unreach", 3L), Map.entry("icmp-sourcequench", 4L),
            Map.entry("icmp-redirect", 5L), Map.entry("icmp-echo", 8L), Map.entry("icmp-routeradvert", 9L),
            Map.entry("icmp-routersolicit", 10L), Map.entry("icmp-timxceed", 11L), Map.entry("icmp-paramprob", 12L),
            Map.entry("icmp-tstamp", 13L), Map.entry("icmp-tstampreply", 14L), Map.entry("icmp-ireq", 15L),
            Map.entry("icmp-ireqreply", 16L), Map.entry("icmp-maskreq", 17L), Map.entry("icmp-maskreply", 18L),
            Map.entry("icmp6type", 0L), Map.entry("icmp6code", 1L),
            Map.entry("icmp6-destinationunreach", 1L), Map.entry("icmp6-packettoobig", 2L),
            Map.entry("icmp6-timeexceeded", 3L), Map.entry("icmp6-parameterproblem", 4L),
            Map.entry("icmp6-echo", 128L), Map.entry("icmp6-echoreply", 129L),
            Map.entry("icmp6-multicastlistenerquery", 130L), Map.entry("icmp6-multicastlistenerreportv1", 131L),
            Map.entry("icmp6-multicastlistenerdone", 132L), Map.entry("icmp6-routersolicit", 133L),
            Map.entry("icmp6-routeradvert", 134L), Map.entry("icmp6-neighborsolicit", 135L),
            Map.entry("icmp6-neighboradvert", 136L), Map.entry("icmp6-redirect", 137L),
            Map.entry("icmp6-routerrenum", 138L), Map.entry("icmp6-nodeinformationquery", 139L),
            Map.entry("icmp6-nodeinformationresponse", 140L), Map.entry("icmp6-ineighbordiscoverysolicit", 141L),
            Map.entry("icmp6-ineighbordiscoveryadvert", 142L), Map.entry("icmp6-multicastlistenerreportv2", 143L),
            Map.entry("icmp6-homeagentdiscoveryrequest", 144L), Map.entry("icmp6-homeagentdiscoveryreply", 145L),
            Map.entry("icmp6-mobileprefixsolicit", 146L), Map.entry("icmp6-mobileprefixadvert", 147L),
            Map.entry("icmp6-certpathsolicit", 148L), Map.entry("icmp6-certpathadvert", 149L),
            Map.entry("icmp6-multicastrouteradvert", 151L), Map.entry("icmp6-multicastroutersolicit", 152L),
            Map.entry("icmp6-multicastrouterterm", 153L),
            Map.entry("tcpflags", 13L), Map.entry("tcp-fin", 0x01L), Map.entry("tcp-syn", 0x02L),
            Map.entry("tcp-rst", 0x04L), Map.entry("tcp-push", 0x08L), Map.entry("tcp-ack", 0x10L),
            Map.entry("tcp-urg", 0x20L), Map.entry("tcp-ece", 0x40L), Map.entry("tcp-cwr", 0x80L));

    /** IP protocol numbers by name (IANA, as /etc/protocols lists them). */
    private static final Map<String, Long> IP_PROTOCOLS = Map.ofEntries(
            Map.entry("ip", 0L), Map.entry("hopopt", 0L), Map.entry("icmp", 1L), Map.entry("igmp", 2L),
            Map.entry("ggp", 3L), Map.entry("ipencap", 4L), Map.entry("st", 5L), Map.entry("tcp", 6L),
            Map.entry("egp", 8L), Map.entry("igp", 9L), Map.entry("pup", 12L), Map.entry("udp", 17L),
            Map.entry("hmp", 20L), Map.entry("xns-idp", 22L), Map.entry("rdp", 27L), Map.entry("iso-tp4", 29L),
            Map.entry("dccp", 33L), Map.entry("xtp", 36L), Map.entry("ddp", 37L), Map.entry("idpr-cmtp", 38L),
            Map.entry("ipv6", 41L), Map.entry("ipv6-route", 43L), Map.entry("ipv6-frag", 44L),
            Map.entry("idrp", 45L), Map.entry("rsvp", 46L), Map.entry("gre", 47L), Map.entry("esp", 50L),
            Map.entry("ah", 51L), Map.entry("skip", 57L), Map.entry("ipv6-icmp", 58L), Map.entry("ipv6-nonxt", 59L),
            Map.entry("ipv6-opts", 60L), Map.entry("rspf", 73L), Map.entry("vmtp", 81L), Map.entry("eigrp", 88L),
            Map.entry("ospf", 89L), Map.entry("ax.25", 93L), Map.entry("ipip", 94L), Map.entry("etherip", 97L),
            Map.entry("encap", 98L), Map.entry("pim", 103L), Map.entry("ipcomp", 108L), Map.entry("vrrp", 112L),
            Map.entry("l2tp", 115L), Map.entry("isis", 124L), Map.entry("sctp", 132L), Map.entry("fc", 133L),
            Map.entry("mobility-header", 135L), Map.entry("udplite", 136L), Map.entry("mpls-in-ip", 137L),
            Map.entry("manet", 138L), Map.entry("hip", 139L), Map.entry("shim6", 140L), Map.entry("wesp", 141L),
            Map.entry("rohc", 142L), Map.entry("ethernet", 143L), Map.entry("icmp6", 58L));

    /** EtherTypes by the names libpcap knows ({@code ether proto \ip}). */
    private static final Map<String, Long> ETHER_TYPES = Map.ofEntries(
            Map.entry("ip", 0x0800L), Map.entry("ip6", 0x86ddL), Map.entry("arp", 0x0806L),
            Map.entry("rarp", 0x8035L), Map.entry("revarp", 0x8035L), Map.entry("pup", 0x0200L),
            Map.entry("decnet", 0x6003L), Map.entry("lat", 0x6004L), Map.entry("sca", 0x6007L),
            Map.entry("moprc", 0x6002L), Map.entry("mopdl", 0x6001L), Map.entry("atalk", 0x809bL),
            Map.entry("aarp", 0x80f3L), Map.entry("loopback", 0x9000L));

    static Optional<Long> constant(String name) {
        return Optional.ofNullable(CONSTANTS.get(name));
    }

    static Optional<Long> ipProtocol(String name) {
        return Optional.ofNullable(IP_PROTOCOLS.get(name));
    }

    static Optional<Long> etherType(String name) {
        return Optional.ofNullable(ETHER_TYPES.get(name));
    }
}
