package dev.sluice.tests.reference;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A packet as docs/LANGUAGE.md's "Exact packet semantics" see it: the value of every field that is
 * present, by its script name ({@code tcp.dport}, {@code ip.src}), and the bare protocol tests that
 * hold. A field that is not in the map is absent, and any comparison on it is false.
 */
public record ParsedPacket(Map<String, Long> integers, Map<String, byte[]> addresses, Set<String> protocols,
                           byte[] packet, Map<String, Integer> headerStarts) {
    public ParsedPacket {
        integers = Map.copyOf(integers);
        addresses = Map.copyOf(addresses);
        protocols = Set.copyOf(protocols);
        packet = packet.clone();
        headerStarts = Map.copyOf(headerStarts);
    }

    /** A reading without packet bytes (device and trace programs): no raw bytes are there. */
    public ParsedPacket(Map<String, Long> integers, Map<String, byte[]> addresses, Set<String> protocols) {
        this(integers, addresses, protocols, new byte[0], Map.of());
    }

    /**
     * Raw bytes {@code header[offset:size]} (docs/LANGUAGE-RAW-BYTES.md "Raw bytes"): big-endian, counted from where
     * the header starts; empty when the header is absent, or when the read passes the packet's end or its
     * first 65,535 bytes.
     */
    public Optional<Long> raw(String header, long offset, int size) {
        Integer start = headerStarts.get(header);
        if (start == null || offset < 0 || offset > 65535) return Optional.empty();
        long from = start + offset;
        if (from + size > packet.length || from + size > 65535) return Optional.empty();
        long value = 0;
        for (int i = 0; i < size; i++) value = value << 8 | (packet[(int) from + i] & 0xff);
        return Optional.of(value);
    }

    public Optional<Long> integer(String field) {
        return Optional.ofNullable(integers.get(field));
    }

    /** IPv4 (4 bytes), IPv6 (16) or MAC (6) fields. */
    public Optional<byte[]> address(String field) {
        return Optional.ofNullable(addresses.get(field)).map(byte[]::clone);
    }

    /** The bare test {@code eth}, {@code vlan}, {@code arp}, {@code ip}, {@code ip6}, {@code tcp}, ... */
    public boolean is(String protocol) {
        return protocols.contains(protocol);
    }
}
