package dev.sluice.compiler.lower;

import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.compiler.image.SetMember;
import java.util.List;
import java.util.Objects;

/**
 * A set a program tests membership in, kept in a map so that it can be large and updated without
 * a reload: exact values in a hash map, or address prefixes (IPv6 in an LPM trie, IPv4 in a hash
 * beside a three-level directory: codegen's SetMaps). Members are numbers as
 * the parser stores them (IPv6: high and low halves). {@code origin} names the rules' named set it
 * holds (one named set tested on ip.src and ip6.src becomes two), empty for an inline set.
 */
public record ValueSet(String name, PacketField field, Kind kind, List<Member> members, String origin) {
    public enum Kind { EXACT, PREFIX }

    /** One member: a value ({@code bits} = the field's width for an exact member) or a prefix. */
    public record Member(long high, long low, int bits) {
        /** A literal of the rules as a member: an address (all its bits), a CIDR, a MAC or a number. */
        public static java.util.Optional<Member> of(dev.sluice.dsl.model.Expr literal) {
            return SetMember.of(literal).map(m -> new Member(m.high(), m.low(), m.bits()));
        }

        /** The member as the image's set keys take it. */
        public SetMember numbers() {
            return new SetMember(high, low, bits);
        }
    }

    public ValueSet {
        Objects.requireNonNull(name);
        Objects.requireNonNull(field);
        Objects.requireNonNull(kind);
        members = List.copyOf(members);
        Objects.requireNonNull(origin);
        if (field.isProtocolTest()) throw new IllegalArgumentException("a set needs a field with a value");
    }

    /** A set of no named set of the rules (an inline one). */
    public ValueSet(String name, PacketField field, Kind kind, List<Member> members) {
        this(name, field, kind, members, "");
    }
}
