package dev.sluice.dsl.model;

/** The value a pcap-filter primitive tests, as the grammar read it (names already resolved to numbers). */
public sealed interface PcapValue {
    /** A number ({@code port 22}, {@code proto 6}, {@code net 10}), or a port or protocol name resolved to one. */
    record Number(long value) implements PcapValue {}

    /** A port range {@code low-high}, as written (libpcap swaps a reversed range). */
    record PortRange(long low, long high) implements PcapValue {}

    /**
     * An IPv4 address or network and its mask, as libpcap settles them: {@code 10.1} is {@code
     * 10.1.0.0} with mask {@code 255.255.0.0} (also after {@code host}), {@code net 10} is {@code
     * 10.0.0.0/8}, and {@code mask} may give any mask.
     */
    record Ipv4(long address, long mask) implements PcapValue {}

    /** An IPv6 address or network, {@code high} holding the first eight bytes. */
    record Ipv6(long high, long low, int bits) implements PcapValue {}

    /** A MAC address as its 48-bit number. */
    record Mac(long address) implements PcapValue {}
}
