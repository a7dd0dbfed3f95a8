package dev.sluice.compiler.image;

import dev.sluice.compiler.hooks.PacketField;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * How a set's map stores its members. Exact sets: a hash map keyed by the parsed slot bytes (one
 * or two little-endian u64s, as the parser stores them). Prefix sets: keyed by a host-order u32
 * prefix length and the address in network order, masked to the prefix; IPv6 in an LPM trie, IPv4
 * in a hash beside a {@link PrefixDirectory}. Every member maps to one byte, 1.
 */
public final class SetKeys {
    private static final byte[] PRESENT = {1};

    private SetKeys() {}

    /** The address width of a field that takes prefixes: 32 for IPv4, 128 for IPv6. */
    public static int prefixWidth(PacketField field) {
        if (field.isIpv4Address()) return 32;
        switch (field.outer()) {
            case IP6_SRC: case IP6_DST: return 128;
            default: throw new IllegalArgumentException(field.scriptName() + " has no address prefixes");
        }
    }

    /** The value a member's key maps to. */
    public static byte[] present() {
        return PRESENT.clone();
    }

    /** Key bytes of a set on {@code field}: 8 per slot when exact, 4 + the address bytes for prefixes. */
    public static int keySize(PacketField field, boolean prefix) {
        return prefix ? 4 + prefixWidth(field) / 8 : 8 * field.slots();
    }

    /** A member's key in a set on {@code field}. */
    public static byte[] key(PacketField field, boolean prefix, SetMember m) {
        int size = keySize(field, prefix);
        ByteBuffer key = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        if (!prefix) {
            key.putLong(m.high());
            if (size == 16) key.putLong(m.low());
            return key.array();
        }
        key.putInt(m.bits());
        key.order(ByteOrder.BIG_ENDIAN);
        if (prefixWidth(field) == 32) {
            key.putInt((int) m.high() & PrefixDirectory.mask(m.bits()));
        } else {
            key.putLong(m.high()).putLong(m.low());
        }
        return key.array();
    }
}
