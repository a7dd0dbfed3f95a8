package dev.sluice.compiler.image;

import dev.sluice.compiler.maps.MapDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The maps of an image in the order the code refers to them by index, each tagged by its role.
 * Every index a reader needs (counters, a set, an aggregate, redirects, events) is found here by
 * role, so the order is decided in one place, the layout pass.
 */
public record ImageMaps(List<ImageMap> list) {
    /** Copies the list; IllegalArgumentException when it has more than one counters, redirects or events map. */
    public ImageMaps {
        list = List.copyOf(list);
        if (tagged(MapRole.Counters.class, list).size() > 1 || tagged(MapRole.Redirects.class, list).size() > 1
                || tagged(MapRole.Events.class, list).size() > 1) {
            throw new IllegalArgumentException("one counters, redirects and events map at most: " + list);
        }
    }

    /** The definitions, by index: what a loader creates. */
    public List<MapDefinition> definitions() {
        return list.stream().map(ImageMap::definition).toList();
    }

    /** The number of maps, so valid indexes are 0 to {@code size() - 1}. */
    public int size() {
        return list.size();
    }

    /** The maps of one role, with their indexes, in order. */
    public <R extends MapRole> List<RoleAt<R>> tagged(Class<R> role) {
        return tagged(role, list);
    }

    private static <R extends MapRole> List<RoleAt<R>> tagged(Class<R> role, List<ImageMap> list) {
        List<RoleAt<R>> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (role.isInstance(list.get(i).role())) out.add(new RoleAt<>(i, role.cast(list.get(i).role())));
        }
        return out;
    }

    /** The plain counters' map, which every program has. */
    public RoleAt<MapRole.Counters> counters() {
        return tagged(MapRole.Counters.class).stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("no counters map"));
    }

    /** Every set map, in the order of the lowered program's sets. */
    public List<RoleAt<MapRole.Set>> sets() {
        return tagged(MapRole.Set.class);
    }

    /** One array of the directory of set map {@code set} (by its name), when it is an IPv4 prefix set. */
    public Optional<RoleAt<MapRole.SetDirectory>> directoryOf(String set, MapRole.SetDirectory.Level level) {
        return tagged(MapRole.SetDirectory.class).stream()
                .filter(d -> d.role().set().equals(set) && d.role().level() == level).findFirst();
    }

    /** Every aggregate map, in the order of the lowered program's keyed counters. */
    public List<RoleAt<MapRole.Aggregate>> aggregates() {
        return tagged(MapRole.Aggregate.class);
    }

    /** What each aggregate keeps (count, sum or histogram), by its name; plain counters are not in it. */
    public Map<String, AggregateKind> aggregateKinds() {
        Map<String, AggregateKind> kinds = new HashMap<>();
        for (RoleAt<MapRole.Aggregate> a : aggregates()) kinds.put(a.role().name(), a.role().kind());
        return kinds;
    }

    /** The map of redirect targets' ifindexes, when the program redirects. */
    public Optional<RoleAt<MapRole.Redirects>> redirects() {
        return tagged(MapRole.Redirects.class).stream().findFirst();
    }

    /** The ring buffer of printed events, when the program prints. */
    public Optional<RoleAt<MapRole.Events>> events() {
        return tagged(MapRole.Events.class).stream().findFirst();
    }
}
