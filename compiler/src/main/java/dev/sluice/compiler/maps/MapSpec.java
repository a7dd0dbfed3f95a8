package dev.sluice.compiler.maps;

import java.util.Objects;

/** A map a program uses: name, type, key and value sizes, capacity and creation flags. */
public record MapSpec(String name, MapType type, int keySize, int valueSize, int maxEntries, int flags) {
    /** BPF_F_NO_PREALLOC, which the kernel demands for LPM tries. */
    public static final int NO_PREALLOC = 1;

    /** Requires a name and type; IllegalArgumentException for negative sizes or no capacity. */
    public MapSpec {
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
        if (keySize < 0 || valueSize < 0 || maxEntries <= 0) {
            throw new IllegalArgumentException("map " + name + ": key " + keySize + ", value " + valueSize
                    + ", max entries " + maxEntries);
        }
    }
}
