package dev.sluice.compiler.lower;

import dev.sluice.compiler.codegen.PacketField;
import java.util.List;
import java.util.Objects;

/**
 * A set a program tests membership in, kept in a map so that it can be large and updated without
 * a reload: exact values in a hash map, or address prefixes in an LPM trie. Members are numbers as
 * the parser stores them (IPv6: high and low halves).
 */
public record ValueSet(String name, PacketField field, Kind kind, List<Member> members) {
    public enum Kind { EXACT, PREFIX }

    /** One member: a value ({@code bits} = the field's width for an exact member) or a prefix. */
    public record Member(long high, long low, int bits) {}

    public ValueSet {
        Objects.requireNonNull(name);
        Objects.requireNonNull(field);
        Objects.requireNonNull(kind);
        members = List.copyOf(members);
        if (field.isProtocolTest()) throw new IllegalArgumentException("a set needs a field with a value");
    }
}
