package dev.sluice.compiler.codegen;

import dev.sluice.compiler.image.EventFormat;
import dev.sluice.compiler.image.ImageMap;
import dev.sluice.compiler.image.ImageMaps;
import dev.sluice.compiler.image.MapRole;
import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.compiler.lower.FilterProgram;
import dev.sluice.compiler.lower.Statement;
import dev.sluice.compiler.lower.ValueSet;
import dev.sluice.compiler.maps.MapDefinition;
import dev.sluice.compiler.maps.MapSpec;
import dev.sluice.compiler.maps.MapType;
import java.util.ArrayList;
import java.util.List;

/**
 * The resource layout pass: the maps a lowered program needs, each tagged by its role, in the
 * order its code refers to them by index (the per-CPU plain counters, then one map per set with
 * its members, followed by its directory's three arrays for an IPv4 prefix set, one per keyed aggregate, the redirect targets' ifindexes, and the ring buffer of
 * printed events). This is the one place that order is decided; everyone else asks {@link #maps()}.
 */
public record MapLayout(ImageMaps maps) {
    /** The layout of {@code program}. */
    public static MapLayout of(FilterProgram program) {
        List<ImageMap> maps = new ArrayList<>();
        maps.add(new ImageMap(new MapDefinition(new MapSpec("counters", MapType.PERCPU_ARRAY, 4, 8, Math.max(1, program.counters()), 0),
                List.of()), new MapRole.Counters(program.counters())));
        for (ValueSet set : program.sets()) maps.addAll(SetMaps.maps(set));
        for (FilterProgram.KeyedCounter k : program.keyedCounters()) {
            maps.add(new ImageMap(new MapDefinition(new MapSpec(k.name(), k.arrayBacked() ? MapType.PERCPU_ARRAY : MapType.PERCPU_HASH,
                    k.keySize(), 8, k.mapEntries(), 0), List.of()), new MapRole.Aggregate(k.name(), k.kind(), k.key(), k.arrayBacked())));
        }
        if (!program.redirectTargets().isEmpty()) {
            maps.add(new ImageMap(new MapDefinition(new MapSpec("redirect_ifindex", MapType.ARRAY, 4, 4, program.redirectTargets().size(), 0),
                    List.of()), new MapRole.Redirects(program.redirectTargets())));
        }
        List<EventFormat> events = eventFormats(program);
        if (!events.isEmpty()) {
            maps.add(new ImageMap(new MapDefinition(new MapSpec("events", MapType.RINGBUF, 0, 0, 1 << 18, 0), List.of()),
                    new MapRole.Events(events)));
        }
        return new MapLayout(new ImageMaps(maps));
    }

    /** The definitions, by index. */
    public List<MapDefinition> definitions() {
        return maps.definitions();
    }

    /** The index of the plain counters' map. */
    int counterMap() {
        return maps.counters().index();
    }

    /** The index of set {@code set} (its position among the lowered program's sets). */
    int setMap(int set) {
        return maps.sets().get(set).index();
    }

    /** The index of one array of set {@code set}'s directory; IllegalStateException when it has none. */
    int directoryMap(int set, MapRole.SetDirectory.Level level) {
        String name = maps.sets().get(set).role().name();
        return maps.directoryOf(name, level).orElseThrow(() -> new IllegalStateException("set " + name + " has no directory")).index();
    }

    /** The index of aggregate {@code k} (its position among the lowered program's keyed counters). */
    int aggregateMap(int k) {
        return maps.aggregates().get(k).index();
    }

    int redirectMap() {
        return maps.redirects().orElseThrow(() -> new IllegalStateException("the program redirects nowhere")).index();
    }

    int eventMap() {
        return maps.events().orElseThrow(() -> new IllegalStateException("the program prints nothing")).index();
    }

    /** Each print statement's format with the fields it prints, in format order: the events map's records. */
    private static List<EventFormat> eventFormats(FilterProgram program) {
        List<EventFormat> out = new ArrayList<>();
        for (int i = 0; i < program.printFormats().size(); i++) {
            out.add(new EventFormat(program.printFormats().get(i), printArgs(program.body(), i)));
        }
        return out;
    }

    private static List<PacketField> printArgs(List<Statement> body, int format) {
        for (Statement s : body) {
            if (s instanceof Statement.Print p && p.format() == format) return p.args();
            if (s instanceof Statement.When w) {
                List<PacketField> inner = printArgs(w.body(), format);
                if (inner != null) return inner;
            }
        }
        return List.of();
    }
}
