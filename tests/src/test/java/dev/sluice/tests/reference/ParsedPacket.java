package dev.sluice.tests.reference;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A packet as docs/LANGUAGE.md's "Exact packet semantics" see it: the value of every field that is
 * present, by its script name ({@code tcp.dport}, {@code ip.src}), and the bare protocol tests that
 * hold. A field that is not in the map is absent, and any comparison on it is false.
 */
public record ParsedPacket(Map<String, Long> integers, Map<String, byte[]> addresses, Set<String> protocols) {
    public ParsedPacket {
        integers = Map.copyOf(integers);
        addresses = Map.copyOf(addresses);
        protocols = Set.copyOf(protocols);
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
