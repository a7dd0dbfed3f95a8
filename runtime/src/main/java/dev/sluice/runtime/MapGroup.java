package dev.sluice.runtime;

import dev.sluice.compiler.maps.MapDefinition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The kernel maps of a compiled program, created from their definitions and filled; closed together. */
public final class MapGroup implements AutoCloseable {
    private final List<BpfMap> maps;

    private MapGroup(List<BpfMap> maps) {
        this.maps = Collections.unmodifiableList(maps);
    }

    /**
     * Creates every map and writes its initial entries; if one fails, the ones made so far are closed before
     * the error propagates.
     */
    public static MapGroup create(List<MapDefinition> definitions) {
        List<BpfMap> maps = new ArrayList<>(definitions.size());
        try {
            for (MapDefinition d : definitions) {
                BpfMap map = BpfMap.create(d.spec());
                maps.add(map);
                for (MapDefinition.Entry e : d.initialEntries()) map.update(e.key(), e.value(), UpdateMode.ANY);
            }
        } catch (RuntimeException e) {
            maps.forEach(BpfMap::close);
            throw e;
        }
        return new MapGroup(maps);
    }

    /** A group of maps made elsewhere (created or reopened from pins); it owns and closes them. */
    static MapGroup of(List<BpfMap> maps) {
        return new MapGroup(new ArrayList<>(maps));
    }

    /** The maps, in definition order. */
    public List<BpfMap> maps() {
        return maps;
    }

    /** The map at {@code index}, as the compiled code refers to it. */
    public BpfMap get(int index) {
        return maps.get(index);
    }

    @Override
    public void close() {
        maps.forEach(BpfMap::close);
    }
}
