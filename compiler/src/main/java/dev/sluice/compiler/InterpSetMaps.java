package dev.sluice.compiler;

import dev.sluice.compiler.interp.HashTable;
import dev.sluice.compiler.interp.InterpMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An interpreted program's in-JVM maps, by index, as a named set's writers use them. */
record InterpSetMaps(List<InterpMap> maps) implements SetMapAccess {
    @Override
    public Optional<byte[]> lookup(int map, byte[] key) {
        return maps.get(map).get(key);
    }

    @Override
    public void update(int map, byte[] key, byte[] value) {
        int r = maps.get(map).update(key, value, InterpMap.ANY);
        if (r != 0) throw new IllegalStateException("map " + maps.get(map).spec().name() + " refused an update (" + r + ")");
    }

    @Override
    public void delete(int map, byte[] key) {
        maps.get(map).delete(key);
    }

    /** The keys of a hash map (the only kind a set's writers list). */
    @Override
    public List<byte[]> keys(int map) {
        if (!(maps.get(map) instanceof HashTable hash)) throw new IllegalArgumentException("map " + map + " is not a hash map");
        return hash.entries().stream().map(Map.Entry::getKey).toList();
    }
}
