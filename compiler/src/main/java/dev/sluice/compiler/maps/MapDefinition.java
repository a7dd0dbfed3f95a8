package dev.sluice.compiler.maps;

import java.util.List;
import java.util.Objects;

/** A map a compiled program needs, with the entries it must hold when the program is loaded. */
public record MapDefinition(MapSpec spec, List<Entry> initialEntries) {
    public record Entry(byte[] key, byte[] value) {}

    public MapDefinition {
        Objects.requireNonNull(spec);
        initialEntries = List.copyOf(initialEntries);
    }
}
