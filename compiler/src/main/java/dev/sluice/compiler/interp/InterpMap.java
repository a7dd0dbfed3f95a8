package dev.sluice.compiler.interp;

import dev.sluice.compiler.maps.MapSpec;

/**
 * A map held in the JVM, with the kernel's semantics for the helper calls. Per-CPU maps behave as
 * on a machine with one CPU. Values are live arrays: a pointer a lookup returned writes through.
 */
public abstract sealed class InterpMap permits HashTable, ArrayTable, LpmTrie, RingBuffer {
    /** {@code BPF_ANY}: an update creates the entry or replaces it. */
    public static final int ANY = 0;
    /** {@code BPF_NOEXIST}: an update only creates; {@code -EEXIST} when the key is there. */
    public static final int NOEXIST = 1;
    /** {@code BPF_EXIST}: an update only replaces; {@code -ENOENT} when the key is absent. */
    public static final int EXIST = 2;
    static final int ENOENT = 2;
    static final int E2BIG = 7;
    static final int EEXIST = 17;
    static final int EINVAL = 22;
    static final int ENOSPC = 28;

    private final MapSpec spec;

    InterpMap(MapSpec spec) {
        this.spec = spec;
    }

    /** The type, key and value sizes and capacity the map was created with. */
    public MapSpec spec() {
        return spec;
    }

    /** The live value array for {@code key}, or null. */
    public abstract byte[] lookup(byte[] key);

    /** 0, or a negative errno as the helper returns it. */
    public abstract int update(byte[] key, byte[] value, long flags);

    /** Removes {@code key}: 0, or a negative errno as the helper returns it ({@code -ENOENT} when absent). */
    public abstract int delete(byte[] key);

    /** A copy of the value, for callers outside a run. */
    public java.util.Optional<byte[]> get(byte[] key) {
        byte[] v = lookup(key);
        return v == null ? java.util.Optional.empty() : java.util.Optional.of(v.clone());
    }

    void checkKey(byte[] key) {
        if (key.length != spec.keySize()) {
            throw new IllegalArgumentException("map " + spec.name() + " has " + spec.keySize() + "-byte keys, not "
                    + key.length);
        }
    }
}
