package dev.sluice.compiler.codegen;

import dev.sluice.compiler.hooks.PacketField;

import dev.sluice.compiler.lower.ValueSet;
import dev.sluice.compiler.maps.MapDefinition;
import dev.sluice.compiler.maps.MapSpec;
import dev.sluice.compiler.maps.MapType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The map behind a {@link ValueSet}. Exact sets: a hash map keyed by the parsed slot bytes (one or
 * two little-endian u64s, as the parser stores them). Prefix sets: an LPM trie keyed by a host-order
 * u32 prefix length and the address in network order.
 */
public final class SetMaps {
    private static final byte[] PRESENT = {1};

    private SetMaps() {}

    public static int prefixWidth(dev.sluice.compiler.hooks.PacketField field) {
        switch (field) {
            case IP_SRC: case IP_DST: return 32;
            case IP6_SRC: case IP6_DST: return 128;
            default: throw new IllegalArgumentException(field.scriptName() + " has no address prefixes");
        }
    }

    public static MapDefinition definition(ValueSet set) {
        int max = capacity(set);
        Map<ByteBuffer, byte[]> unique = new LinkedHashMap<>();
        for (ValueSet.Member m : set.members()) {
            byte[] key = key(set, m);
            unique.put(ByteBuffer.wrap(key), key);
        }
        List<MapDefinition.Entry> entries = new ArrayList<>();
        for (byte[] key : unique.values()) entries.add(new MapDefinition.Entry(key, PRESENT));
        if (set.kind() == ValueSet.Kind.EXACT) {
            return new MapDefinition(new MapSpec(set.name(), MapType.HASH, keySize(set), 1, max, 0), entries);
        }
        return new MapDefinition(new MapSpec(set.name(), MapType.LPM_TRIE, keySize(set), 1, max, MapSpec.NO_PREALLOC), entries);
    }

    /**
     * Named sets grow at run time (LoadedProgram.set): room for twice their members, at least 1,024;
     * a set of no name holds exactly its members.
     */
    public static int capacity(ValueSet set) {
        int members = Math.max(1, set.members().size());
        return set.origin().isEmpty() ? members : Math.max(1024, 2 * members);
    }

    /** The value a member's key maps to. */
    public static byte[] present() {
        return PRESENT.clone();
    }

    public static int keySize(ValueSet set) {
        return set.kind() == ValueSet.Kind.EXACT ? 8 * set.field().slots() : 4 + prefixWidth(set.field()) / 8;
    }

    /**
     * A member's key: exact sets, the parsed slot bytes (little-endian u64s); prefix sets, the
     * host-order u32 prefix length and the address in network order.
     */
    public static byte[] key(ValueSet set, ValueSet.Member m) {
        if (set.kind() == ValueSet.Kind.EXACT) {
            ByteBuffer key = ByteBuffer.allocate(keySize(set)).order(ByteOrder.LITTLE_ENDIAN);
            key.putLong(m.high());
            if (keySize(set) == 16) key.putLong(m.low());
            return key.array();
        }
        int bits = prefixWidth(set.field());
        ByteBuffer key = ByteBuffer.allocate(keySize(set)).order(ByteOrder.LITTLE_ENDIAN);
        key.putInt(m.bits());
        key.order(ByteOrder.BIG_ENDIAN);
        if (bits == 32) {
            key.putInt((int) m.high());
        } else {
            key.putLong(m.high()).putLong(m.low());
        }
        return key.array();
    }
}
