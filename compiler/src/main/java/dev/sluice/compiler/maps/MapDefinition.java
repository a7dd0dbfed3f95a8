package dev.sluice.compiler.maps;

import java.util.List;
import java.util.Objects;

/** A map a compiled program needs, with the entries it must hold when the program is loaded. */
public record MapDefinition(MapSpec spec, List<Entry> initialEntries) {
    /** One entry: key and value bytes exactly as the kernel map stores them. */
    public record Entry(byte[] key, byte[] value) {}

    /** Requires a spec; copies the entries. */
    public MapDefinition {
        Objects.requireNonNull(spec);
        initialEntries = List.copyOf(initialEntries);
    }
}
