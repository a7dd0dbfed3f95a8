package dev.sluice.compiler.interp;

import dev.sluice.compiler.maps.MapSpec;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hash, per-CPU hash and LRU hash maps. */
public final class HashTable extends InterpMap {
    private final boolean lru;
    private final LinkedHashMap<ByteBuffer, byte[]> entries;

    HashTable(MapSpec spec, boolean lru) {
        super(spec);
        this.lru = lru;
        this.entries = new LinkedHashMap<>(16, 0.75f, lru);
    }

    @Override
    public byte[] lookup(byte[] key) {
        checkKey(key);
        return entries.get(ByteBuffer.wrap(key));
    }

    @Override
    public int update(byte[] key, byte[] value, long flags) {
        checkKey(key);
        if (flags != ANY && flags != NOEXIST && flags != EXIST) return -EINVAL;
        ByteBuffer k = ByteBuffer.wrap(key.clone());
        byte[] existing = entries.get(k);
        if (existing != null && flags == NOEXIST) return -EEXIST;
        if (existing == null && flags == EXIST) return -ENOENT;
        if (existing != null) {
            System.arraycopy(value, 0, existing, 0, existing.length);
            return 0;
        }
        if (entries.size() >= spec().maxEntries()) {
            if (!lru) return -E2BIG;
            Iterator<ByteBuffer> oldest = entries.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        entries.put(k, java.util.Arrays.copyOf(value, spec().valueSize()));
        return 0;
    }

    @Override
    public int delete(byte[] key) {
        checkKey(key);
        return entries.remove(ByteBuffer.wrap(key)) == null ? -ENOENT : 0;
    }

    /** Copies of every key and value, in insertion (or, for LRU, use) order. */
    public List<Map.Entry<byte[], byte[]>> entries() {
        return entries.entrySet().stream()
                .map(e -> Map.entry(e.getKey().array().clone(), e.getValue().clone()))
                .toList();
    }
}
