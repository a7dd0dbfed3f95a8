package dev.sluice.compiler.codegen;

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

    public static int prefixWidth(dev.sluice.compiler.codegen.PacketField field) {
        switch (field) {
            case IP_SRC: case IP_DST: return 32;
            case IP6_SRC: case IP6_DST: return 128;
            default: throw new IllegalArgumentException(field.scriptName() + " has no address prefixes");
        }
    }

    public static MapDefinition definition(ValueSet set) {
        int max = Math.max(1, set.members().size());
        if (set.kind() == ValueSet.Kind.EXACT) {
            int keySize = 8 * set.field().slots();
            Map<java.nio.ByteBuffer, byte[]> unique = new LinkedHashMap<>();
            for (ValueSet.Member m : set.members()) {
                ByteBuffer key = ByteBuffer.allocate(keySize).order(ByteOrder.LITTLE_ENDIAN);
                key.putLong(m.high());
                if (keySize == 16) key.putLong(m.low());
                unique.put(ByteBuffer.wrap(key.array()), key.array());
            }
            List<MapDefinition.Entry> entries = new ArrayList<>();
            for (byte[] key : unique.values()) entries.add(new MapDefinition.Entry(key, PRESENT));
            return new MapDefinition(new MapSpec(set.name(), MapType.HASH, keySize, 1, max, 0), entries);
        }
        int bits = prefixWidth(set.field());
        int keySize = 4 + bits / 8;
        List<MapDefinition.Entry> entries = new ArrayList<>();
        for (ValueSet.Member m : set.members()) {
            ByteBuffer key = ByteBuffer.allocate(keySize).order(ByteOrder.LITTLE_ENDIAN);
            key.putInt(m.bits());
            key.order(ByteOrder.BIG_ENDIAN);
            if (bits == 32) {
                key.putInt((int) m.high());
            } else {
                key.putLong(m.high()).putLong(m.low());
            }
            entries.add(new MapDefinition.Entry(key.array(), PRESENT));
        }
        return new MapDefinition(new MapSpec(set.name(), MapType.LPM_TRIE, keySize, 1, max, MapSpec.NO_PREALLOC), entries);
    }
}
