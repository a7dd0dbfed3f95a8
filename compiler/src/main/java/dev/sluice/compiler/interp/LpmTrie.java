package dev.sluice.compiler.interp;

import dev.sluice.compiler.maps.MapSpec;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Longest-prefix-match maps. A key is a host-order u32 prefix length followed by the address
 * bytes; a lookup finds the stored prefix with the most bits that covers the key's address.
 */
public final class LpmTrie extends InterpMap {
    private final int dataBytes;
    private final Map<ByteBuffer, byte[]> entries = new LinkedHashMap<>();

    LpmTrie(MapSpec spec) {
        super(spec);
        if (spec.keySize() <= 4) throw new IllegalArgumentException("LPM key must hold a prefix length and data");
        dataBytes = spec.keySize() - 4;
    }

    /** The stored form of a key: prefix length and only the prefix's bits of the data. */
    private ByteBuffer normalise(byte[] key, int prefix) {
        byte[] k = Arrays.copyOf(key, key.length);
        Memory.write(k, 0, 4, prefix);
        for (int bit = prefix; bit < dataBytes * 8; bit++) {
            k[4 + bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return ByteBuffer.wrap(k);
    }

    private int prefixOf(byte[] key) {
        checkKey(key);
        return (int) Memory.read(key, 0, 4);
    }

    @Override
    public byte[] lookup(byte[] key) {
        int prefix = Math.min(prefixOf(key), dataBytes * 8);
        if (prefix < 0) return null;
        for (int p = prefix; p >= 0; p--) {
            byte[] v = entries.get(normalise(key, p));
            if (v != null) return v;
        }
        return null;
    }

    @Override
    public int update(byte[] key, byte[] value, long flags) {
        int prefix = prefixOf(key);
        if (prefix < 0 || prefix > dataBytes * 8) return -EINVAL;
        if (flags != ANY && flags != NOEXIST && flags != EXIST) return -EINVAL;
        ByteBuffer k = normalise(key, prefix);
        byte[] existing = entries.get(k);
        if (existing != null && flags == NOEXIST) return -EEXIST;
        if (existing == null && flags == EXIST) return -ENOENT;
        if (existing != null) {
            System.arraycopy(value, 0, existing, 0, existing.length);
            return 0;
        }
        if (entries.size() >= spec().maxEntries()) return -ENOSPC;
        entries.put(k, Arrays.copyOf(value, spec().valueSize()));
        return 0;
    }

    @Override
    public int delete(byte[] key) {
        int prefix = prefixOf(key);
        if (prefix < 0 || prefix > dataBytes * 8) return -EINVAL;
        return entries.remove(normalise(key, prefix)) == null ? -ENOENT : 0;
    }

    /** The number of prefixes stored. */
    public int size() {
        return entries.size();
    }
}
