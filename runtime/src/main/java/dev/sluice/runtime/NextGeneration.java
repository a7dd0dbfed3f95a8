package dev.sluice.runtime;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.SetMemberKeys;
import dev.sluice.compiler.SetWrites;
import dev.sluice.compiler.image.ImageMap;
import dev.sluice.compiler.image.MapRole;
import dev.sluice.compiler.image.ProgramImage;
import dev.sluice.compiler.image.RoleAt;
import dev.sluice.compiler.image.SetKeys;
import dev.sluice.compiler.maps.MapDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * The programs of an apply, loaded (so verified) before anything is pinned or attached. Maps whose
 * {@link MapSignature} the old generation has too are reopened from its pins, so counters, sums,
 * histograms and named sets keep their contents; the rest are made anew. Owns every descriptor
 * it opens until closed.
 */
final class NextGeneration implements AutoCloseable {
    /** A loaded program, its maps as recorded, and the links it needs. */
    record Built(LoadedProgram loaded, List<AppliedRecord.MapEntry> maps, List<PlannedLinks.Planned> links) {
        String name() {
            return loaded.compiled().name();
        }
    }

    private final List<Built> built;

    private NextGeneration(List<Built> built) {
        this.built = built;
    }

    /** Loads every program of {@code request}, carrying maps over from {@code old} (a generation folder and its record). */
    static NextGeneration build(ApplyRequest request, Optional<Path> oldFolder, Optional<AppliedRecord> old) {
        List<List<PlannedLinks.Planned>> links = PlannedLinks.of(request.programs(), request.points());
        ToIntFunction<String> ifindexOf = ifname -> request.points().netns().isPresent()
                ? NetworkNamespace.call(request.points().netns().get(), () -> Interfaces.index(ifname)) : Interfaces.index(ifname);
        Map<String, List<String>> undeclared = old.map(request.undeclared()).orElse(Map.of());
        List<Built> built = new ArrayList<>();
        try {
            for (int i = 0; i < request.programs().size(); i++) {
                CompiledProgram p = request.programs().get(i);
                List<AppliedRecord.MapEntry> entries = new ArrayList<>();
                MapGroup maps = maps(p, request.replacedSets(), undeclared, oldFolder, old, entries);
                LoadedFilter filter = LoadedFilter.load(p.name(), Kernel.programType(p.hook()), p.image(), ifindexOf, maps);
                built.add(new Built(new LoadedProgram(p, filter), entries, links.get(i)));
            }
        } catch (RuntimeException e) {
            built.forEach(b -> b.loaded().close());
            throw e;
        }
        return new NextGeneration(built);
    }

    private static MapGroup maps(CompiledProgram p, Map<String, List<String>> replaced, Map<String, List<String>> undeclared,
                                 Optional<Path> oldFolder, Optional<AppliedRecord> old, List<AppliedRecord.MapEntry> entries) {
        ProgramImage image = p.image();
        List<String> names = AppliedLayout.mapNames(image);
        List<ImageMap> list = image.maps().list();
        Optional<AppliedRecord.ProgramEntry> before = old.flatMap(r -> r.program(p.name()));
        List<BpfMap> maps = new ArrayList<>();
        try {
            for (int i = 0; i < list.size(); i++) {
                ImageMap m = list.get(i);
                String signature = MapSignature.of(m, image);
                boolean replacing = m.role() instanceof MapRole.Set s && replaced.containsKey(s.origin());
                AppliedRecord.MapEntry entry = new AppliedRecord.MapEntry(names.get(i), signature);
                entries.add(entry);
                Optional<Path> carried = signature.isEmpty() || replacing || before.isEmpty() || !before.get().maps().contains(entry)
                        ? Optional.empty()
                        : Optional.of(AppliedLayout.map(AppliedLayout.program(oldFolder.orElseThrow(), p.name()), names.get(i)))
                                .filter(Files::exists);
                BpfMap map = carried.isPresent() ? BpfMap.openPinned(carried.get(), m.definition().spec())
                        : BpfMap.create(m.definition().spec());
                maps.add(map);
                // A named set carried over keeps its members and gains the script's (it loses those the script
                // no longer declares below); a replaced one holds only the new.
                // A directory is filled from its hash below, once the hash holds every member.
                if (!replacing && !(m.role() instanceof MapRole.SetDirectory)) {
                    for (MapDefinition.Entry e : m.definition().initialEntries()) map.update(e.key(), e.value(), UpdateMode.ANY);
                }
            }
            for (Map.Entry<String, List<String>> set : replaced.entrySet()) {
                var sets = p.namedSet(set.getKey());
                if (sets.isEmpty()) continue;
                for (String member : set.getValue()) {
                    for (Map.Entry<Integer, byte[]> k : SetMemberKeys.of(set.getKey(), sets, member)) {
                        maps.get(k.getKey()).update(k.getValue(), SetKeys.present());
                    }
                }
            }
            KernelSetMaps access = new KernelSetMaps(MapGroup.of(maps));
            SetWrites.fillDirectories(image.maps(), access);
            // Removed as sluice set del removes, once the directories hold every member: the removal recomputes them.
            for (Map.Entry<String, List<String>> set : undeclared.entrySet()) {
                List<RoleAt<MapRole.Set>> sets = image.maps().sets().stream()
                        .filter(s -> s.role().origin().equals(set.getKey())).toList();
                if (sets.isEmpty() || replaced.containsKey(set.getKey())) continue;
                SetWrites writes = new SetWrites(set.getKey(), image.maps(), sets, access);
                for (String member : set.getValue()) {
                    if (fits(set.getKey(), sets, member)) writes.remove(member);
                }
            }
        } catch (RuntimeException e) {
            maps.forEach(BpfMap::close);
            throw e;
        }
        return MapGroup.of(maps);
    }

    /** Whether some map of the set takes {@code member}; one none takes cannot be in the set. */
    private static boolean fits(String set, List<RoleAt<MapRole.Set>> sets, String member) {
        try {
            SetMemberKeys.of(set, sets, member);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    List<Built> programs() {
        return built;
    }

    /** Pins each program and its maps in its folder of generation folder {@code generation}. */
    void pinPrograms(Path generation, Runnable afterFirst) {
        boolean first = true;
        for (Built b : built) {
            Path folder = AppliedLayout.program(generation, b.name());
            AppliedLayout.createFolder(folder);
            b.loaded().program().pin(AppliedLayout.programPin(folder));
            List<BpfMap> maps = b.loaded().maps().maps();
            for (int i = 0; i < maps.size(); i++) maps.get(i).pin(AppliedLayout.map(folder, b.maps().get(i).name()));
            if (first) afterFirst.run();
            first = false;
        }
    }

    /** The record of this generation. */
    AppliedRecord record(ApplyRequest request) {
        List<AppliedRecord.ProgramEntry> entries = new ArrayList<>();
        for (Built b : built) {
            List<AppliedRecord.LinkEntry> links = b.links().stream()
                    .map(l -> new AppliedRecord.LinkEntry(l.key(), l.description())).toList();
            entries.add(new AppliedRecord.ProgramEntry(b.name(), b.loaded().compiled().hookKind(), b.maps(), links));
        }
        return request.record(entries);
    }

    @Override
    public void close() {
        built.forEach(b -> b.loaded().close());
    }
}
