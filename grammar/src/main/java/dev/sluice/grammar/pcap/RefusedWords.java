package dev.sluice.grammar.pcap;

import org.antlr.v4.runtime.Token;

/**
 * pcap-filter words that need what a packet filter compiled to eBPF does not have: the capture's
 * direction or interface, other link types than Ethernet, name databases, and protocol families
 * Sluice does not compile. Each is a located error naming the word and why.
 */
final class RefusedWords {
    private RefusedWords() {}

    static void check(Token t) {
        String word = t.getText();
        String why = switch (t.getType()) {
            case PcapLexer.INBOUND, PcapLexer.OUTBOUND, PcapLexer.IFINDEX ->
                    "needs the capture's direction or interface, which a frame does not carry";
            case PcapLexer.GATEWAY -> "needs host names resolved to Ethernet and IP addresses (no name look-ups)";
            case PcapLexer.WLAN_WORD -> "is for 802.11 frames; Sluice reads Ethernet frames";
            case PcapLexer.OTHER_WORD -> "is for another link type or capture source; Sluice reads Ethernet frames";
            case PcapLexer.OTHER_PROTOCOL -> "is a protocol family Sluice does not compile (supported: ether ip ip6 arp rarp"
                    + " tcp udp sctp icmp icmp6 igmp igrp pim vrrp carp ah esp)";
            case PcapLexer.AID -> "is an ARCnet address; Sluice reads Ethernet frames";
            case PcapLexer.ERROR_CHAR -> "is not a character of pcap-filter";
            default -> null;
        };
        if (why != null) throw PcapSyntaxError.at(t, "`" + word + "` " + why);
    }
}
