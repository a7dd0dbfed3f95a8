package dev.sluice.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A view of a {@link BpfMap} through key and value codecs. */
public final class TypedMap<K, V> {
    private final BpfMap map;
    private final Codec<K> keys;
    private final Codec<V> values;

    /**
     * A view of {@code map} through codecs whose sizes must match the map's key and value sizes;
     * the map stays owned (and closed) by its caller.
     */
    public static <K, V> TypedMap<K, V> of(BpfMap map, Codec<K> keys, Codec<V> values) {
        return new TypedMap<>(map, keys, values);
    }

    private TypedMap(BpfMap map, Codec<K> keys, Codec<V> values) {
        if (keys.size() != map.spec().keySize() || values.size() != map.spec().valueSize()) {
            throw new IllegalArgumentException("codecs of " + keys.size() + "/" + values.size() + " bytes do not fit map "
                    + map.spec().name() + " (" + map.spec().keySize() + "/" + map.spec().valueSize() + ")");
        }
        this.map = map;
        this.keys = keys;
        this.values = values;
    }

    /** The value at {@code key}, or empty. */
    public Optional<V> get(K key) {
        return map.lookup(keys.encode(key)).map(b -> values.decode(java.util.Arrays.copyOf(b, values.size())));
    }

    /** Stores {@code value} at {@code key}, whether or not it is there. */
    public void put(K key, V value) {
        map.update(keys.encode(key), values.encode(value), UpdateMode.ANY);
    }

    /**
     * Stores {@code value} at {@code key} as {@code mode} allows (only new keys, only existing ones, or
     * either).
     */
    public void put(K key, V value, UpdateMode mode) {
        map.update(keys.encode(key), values.encode(value), mode);
    }

    /** Removes {@code key}; false when it was not there. */
    public boolean remove(K key) {
        return map.delete(keys.encode(key));
    }

    /** Every key and value, decoded, in the kernel's iteration order. */
    public Map<K, V> entries() {
        Map<K, V> out = new LinkedHashMap<>();
        map.entries().forEach((k, v) -> out.put(keys.decode(k.bytes()), values.decode(java.util.Arrays.copyOf(v, values.size()))));
        return out;
    }
}
