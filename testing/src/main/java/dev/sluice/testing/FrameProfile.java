package dev.sluice.testing;

import java.util.List;

/**
 * What a family of random frames may hold: which network and transport layers, how many VLAN tags,
 * whether fragments, damage and cuts are never, sometimes or always drawn.
 */
record FrameProfile(List<Network> networks, List<Transport> transports, int minTags, int maxTags, Share fragments,
                    Share damage, Share cuts) {
    enum Network { IPV4, IPV6, ARP, OTHER }

    enum Transport { TCP, UDP, ICMP, OTHER }

    enum Share { NEVER, SOMETIMES, ALWAYS }

    FrameProfile {
        networks = List.copyOf(networks);
        transports = List.copyOf(transports);
    }

    private static final List<Network> IP = List.of(Network.IPV4, Network.IPV6);

    static FrameProfile any() {
        return new FrameProfile(List.of(Network.values()), List.of(Transport.values()), 0, 2, Share.SOMETIMES, Share.SOMETIMES,
                Share.SOMETIMES);
    }

    static FrameProfile of(FrameKind kind) {
        FrameProfile whole = new FrameProfile(IP, List.of(Transport.values()), 0, 2, Share.NEVER, Share.NEVER, Share.NEVER);
        return switch (kind) {
            case TCP -> whole.with(IP, List.of(Transport.TCP));
            case UDP -> whole.with(IP, List.of(Transport.UDP));
            case ICMP -> whole.with(IP, List.of(Transport.ICMP));
            case IPV4 -> whole.with(List.of(Network.IPV4), whole.transports);
            case IPV6 -> whole.with(List.of(Network.IPV6), whole.transports);
            case ARP -> whole.with(List.of(Network.ARP), whole.transports);
            case TAGGED -> new FrameProfile(List.of(Network.values()), whole.transports, 1, 2, Share.SOMETIMES, Share.NEVER, Share.NEVER);
            case FRAGMENTED -> new FrameProfile(IP, whole.transports, 0, 2, Share.ALWAYS, Share.NEVER, Share.NEVER);
            case MALFORMED -> new FrameProfile(List.of(Network.values()), whole.transports, 0, 2, Share.SOMETIMES, Share.ALWAYS,
                    Share.NEVER);
            case CUT_SHORT -> new FrameProfile(List.of(Network.values()), whole.transports, 0, 2, Share.SOMETIMES, Share.NEVER,
                    Share.ALWAYS);
        };
    }

    private FrameProfile with(List<Network> n, List<Transport> t) {
        return new FrameProfile(n, t, minTags, maxTags, fragments, damage, cuts);
    }
}
