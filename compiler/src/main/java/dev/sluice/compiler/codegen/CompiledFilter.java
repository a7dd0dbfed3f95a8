package dev.sluice.compiler.codegen;

import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.maps.MapDefinition;
import java.util.List;

/**
 * Code and the maps it refers to by index (64-bit loads with source MAP_FD carry the index). When
 * the program redirects, the last map holds the targets' ifindexes, by position in
 * {@code redirectTargets}: the loader resolves the names and fills it.
 */
public record CompiledFilter(Code code, List<MapDefinition> maps, List<String> redirectTargets, List<EventFormat> events) {
    public CompiledFilter {
        maps = List.copyOf(maps);
        redirectTargets = List.copyOf(redirectTargets);
        events = List.copyOf(events);
    }

    public CompiledFilter(Code code, List<MapDefinition> maps) {
        this(code, maps, List.of(), List.of());
    }

    /** The index of the map of redirect ifindexes (after counters, sets and keyed counters). */
    public int redirectMap() {
        if (redirectTargets.isEmpty()) throw new IllegalStateException("the program redirects nowhere");
        return maps.size() - 1 - (events.isEmpty() ? 0 : 1);
    }

    /** The index of the ring buffer that carries printed events (the last map). */
    public int eventMap() {
        if (events.isEmpty()) throw new IllegalStateException("the program prints nothing");
        return maps.size() - 1;
    }
}
