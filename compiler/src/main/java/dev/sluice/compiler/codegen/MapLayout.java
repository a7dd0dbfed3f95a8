package dev.sluice.compiler.codegen;

import dev.sluice.compiler.lower.FilterProgram;
import dev.sluice.compiler.lower.ValueSet;
import dev.sluice.compiler.maps.MapDefinition;
import dev.sluice.compiler.maps.MapSpec;
import dev.sluice.compiler.maps.MapType;
import java.util.ArrayList;
import java.util.List;

/**
 * The resource layout pass: the maps a lowered program needs, in the order its code refers to
 * them by index (#0 the per-CPU plain counters, then one map per set with its members, one per
 * keyed aggregate, the redirect targets' ifindexes, and the ring buffer of printed events last),
 * and the formats of its events.
 */
public record MapLayout(List<MapDefinition> maps, List<EventFormat> events) {
    public MapLayout {
        maps = List.copyOf(maps);
        events = List.copyOf(events);
    }

    /** The layout of {@code program}. */
    public static MapLayout of(FilterProgram program) {
        List<MapDefinition> maps = new ArrayList<>();
        maps.add(new MapDefinition(new MapSpec("counters", MapType.PERCPU_ARRAY, 4, 8, Math.max(1, program.counters()), 0),
                List.of()));
        for (ValueSet set : program.sets()) maps.add(SetMaps.definition(set));
        for (FilterProgram.KeyedCounter k : program.keyedCounters()) {
            maps.add(new MapDefinition(new MapSpec(k.name(), k.arrayBacked() ? MapType.PERCPU_ARRAY : MapType.PERCPU_HASH,
                    k.keySize(), 8, k.mapEntries(), 0), List.of()));
        }
        if (!program.redirectTargets().isEmpty()) {
            maps.add(new MapDefinition(new MapSpec("redirect_ifindex", MapType.ARRAY, 4, 4, program.redirectTargets().size(), 0),
                    List.of()));
        }
        List<EventFormat> events = FilterCodegen.eventFormats(program);
        if (!events.isEmpty()) maps.add(new MapDefinition(new MapSpec("events", MapType.RINGBUF, 0, 0, 1 << 18, 0), List.of()));
        return new MapLayout(maps, events);
    }
}
