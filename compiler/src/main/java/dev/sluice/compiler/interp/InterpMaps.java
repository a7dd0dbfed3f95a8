package dev.sluice.compiler.interp;

import dev.sluice.compiler.maps.MapDefinition;
import dev.sluice.compiler.maps.MapSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * In-JVM maps for a compiled program, created from their definitions and filled with their initial
 * entries. The choice of implementation per map type lives here, not in {@link InterpMap}, so that
 * the base type does not name its subclasses.
 */
public final class InterpMaps {
    private InterpMaps() {}

    /** An empty map with the kernel's semantics for {@code spec}'s type. */
    public static InterpMap create(MapSpec spec) {
        switch (spec.type()) {
            case HASH: case PERCPU_HASH: return new HashTable(spec, false);
            case LRU_HASH: case LRU_PERCPU_HASH: return new HashTable(spec, true);
            case ARRAY: case PERCPU_ARRAY: return new ArrayTable(spec);
            case LPM_TRIE: return new LpmTrie(spec);
            case RINGBUF: return new RingBuffer(spec);
            default: throw new IllegalArgumentException("the interpreter has no " + spec.type() + " map");
        }
    }

    /** One map per definition, in order, holding its initial entries; IllegalArgumentException when one is refused. */
    public static List<InterpMap> create(List<MapDefinition> definitions) {
        List<InterpMap> maps = new ArrayList<>(definitions.size());
        for (MapDefinition d : definitions) {
            InterpMap map = create(d.spec());
            for (MapDefinition.Entry e : d.initialEntries()) {
                int r = map.update(e.key(), e.value(), InterpMap.ANY);
                if (r != 0) throw new IllegalArgumentException("map " + d.spec().name() + ": initial entry refused (" + r + ")");
            }
            maps.add(map);
        }
        return maps;
    }
}
