package dev.sluice.runtime;

import dev.sluice.compiler.SetMapAccess;
import java.util.List;
import java.util.Optional;

/** A loaded program's kernel maps, by index, as a named set's writers use them. */
record KernelSetMaps(MapGroup maps) implements SetMapAccess {
    @Override
    public Optional<byte[]> lookup(int map, byte[] key) {
        return maps.get(map).lookup(key);
    }

    @Override
    public void update(int map, byte[] key, byte[] value) {
        maps.get(map).update(key, value);
    }

    @Override
    public void delete(int map, byte[] key) {
        maps.get(map).delete(key);
    }

    @Override
    public List<byte[]> keys(int map) {
        return maps.get(map).keys();
    }
}
