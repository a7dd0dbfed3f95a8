package dev.sluice.compiler.interp;

import dev.sluice.compiler.maps.MapDefinition;
import java.util.ArrayList;
import java.util.List;

/** In-JVM maps for a compiled program, created from their definitions and filled with their initial entries. */
public final class InterpMaps {
    private InterpMaps() {}

    public static List<InterpMap> create(List<MapDefinition> definitions) {
        List<InterpMap> maps = new ArrayList<>(definitions.size());
        for (MapDefinition d : definitions) {
            InterpMap map = InterpMap.create(d.spec());
            for (MapDefinition.Entry e : d.initialEntries()) {
                int r = map.update(e.key(), e.value(), InterpMap.ANY);
                if (r != 0) throw new IllegalArgumentException("map " + d.spec().name() + ": initial entry refused (" + r + ")");
            }
            maps.add(map);
        }
        return maps;
    }
}
