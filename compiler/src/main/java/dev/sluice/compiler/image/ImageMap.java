package dev.sluice.compiler.image;

import dev.sluice.compiler.maps.MapDefinition;
import java.util.Objects;

/** One map of an image: what to create (and fill) and what it is for. */
public record ImageMap(MapDefinition definition, MapRole role) {
    /** Requires both parts. */
    public ImageMap {
        Objects.requireNonNull(definition);
        Objects.requireNonNull(role);
    }
}
