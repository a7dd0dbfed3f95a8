package dev.sluice.compiler.interp;

import dev.sluice.compiler.maps.MapSpec;

/** Array and per-CPU array maps: every index below max_entries exists and starts zeroed. */
public final class ArrayTable extends InterpMap {
    private final byte[][] values;

    ArrayTable(MapSpec spec) {
        super(spec);
        if (spec.keySize() != 4) throw new IllegalArgumentException("array map " + spec.name() + " needs 4-byte keys");
        values = new byte[spec.maxEntries()][spec.valueSize()];
    }

    private int index(byte[] key) {
        checkKey(key);
        return (int) Memory.read(key, 0, 4);
    }

    @Override
    public byte[] lookup(byte[] key) {
        int i = index(key);
        return i >= 0 && i < values.length ? values[i] : null;
    }

    @Override
    public int update(byte[] key, byte[] value, long flags) {
        int i = index(key);
        if (flags != ANY && flags != NOEXIST && flags != EXIST) return -EINVAL;
        if (i < 0 || i >= values.length) return -E2BIG;
        if (flags == NOEXIST) return -EEXIST;
        System.arraycopy(value, 0, values[i], 0, values[i].length);
        return 0;
    }

    @Override
    public int delete(byte[] key) {
        index(key);
        return -EINVAL;
    }

    /** The elements that are not all zero, keyed by their 4-byte little-endian index (as a hash map lists its entries). */
    public java.util.List<java.util.Map.Entry<byte[], byte[]>> nonZeroEntries() {
        java.util.List<java.util.Map.Entry<byte[], byte[]>> out = new java.util.ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            boolean zero = true;
            for (byte b : values[i]) zero &= b == 0;
            if (!zero) out.add(java.util.Map.entry(java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(i).array(),
                    values[i].clone()));
        }
        return out;
    }

    /** A copy of element {@code i}. */
    public byte[] value(int i) {
        return values[i].clone();
    }
}
