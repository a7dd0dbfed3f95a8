package dev.sluice.compiler;

import dev.sluice.compiler.image.ImageMaps;
import dev.sluice.compiler.image.MapRole;
import dev.sluice.compiler.image.MapRole.SetDirectory.Level;
import dev.sluice.compiler.image.PrefixDirectory;
import dev.sluice.compiler.image.RoleAt;
import dev.sluice.compiler.image.SetKeys;
import dev.sluice.compiler.image.SetMember;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Adding and removing a named set's members in a running program's maps, one way for the kernel
 * and the interpreter: the member's key in each map of the set whose field takes it
 * ({@link SetMemberKeys}) and, for an IPv4 prefix set, the {@link PrefixDirectory} elements the
 * member touches ({@link PrefixDirectoryWrites}). An add writes the key before the elements that
 * announce it; a removal recomputes those elements from the members left (read back from the
 * hash's keys), then deletes the key.
 */
public final class SetWrites {
    private final String set;
    private final ImageMaps image;
    private final List<RoleAt<MapRole.Set>> sets;
    private final SetMapAccess maps;

    /** The writer of named set {@code set}, whose set maps are {@code sets} among {@code image}'s maps. */
    public SetWrites(String set, ImageMaps image, List<RoleAt<MapRole.Set>> sets, SetMapAccess maps) {
        this.set = set;
        this.image = image;
        this.sets = List.copyOf(sets);
        this.maps = maps;
    }

    /** Adds a member written as in a script; one no map of the set takes is an {@link IllegalArgumentException}. */
    public void add(String member) {
        for (Map.Entry<Integer, byte[]> k : SetMemberKeys.of(set, sets, member)) {
            maps.update(k.getKey(), k.getValue(), SetKeys.present());
            directoryOf(k.getKey()).ifPresent(d -> d.added(PrefixDirectory.member(k.getValue())));
        }
    }

    /** Removes a member written as in a script; removing one that is not there is no error. */
    public void remove(String member) {
        for (Map.Entry<Integer, byte[]> k : SetMemberKeys.of(set, sets, member)) {
            Optional<PrefixDirectoryWrites> directory = directoryOf(k.getKey());
            if (directory.isPresent() && maps.lookup(k.getKey(), k.getValue()).isPresent()) {
                List<SetMember> left = new ArrayList<>();
                for (byte[] key : maps.keys(k.getKey())) {
                    if (!Arrays.equals(key, k.getValue())) left.add(PrefixDirectory.member(key));
                }
                directory.get().removing(PrefixDirectory.member(k.getValue()), left);
            }
            maps.delete(k.getKey(), k.getValue());
        }
    }

    /**
     * Fills every IPv4 prefix set's directory of {@code image} from its hash's keys, the directories
     * still all zero (just created): for a new generation's maps, filled key by key (carried over or
     * replaced) before its program runs.
     */
    public static void fillDirectories(ImageMaps image, SetMapAccess maps) {
        for (RoleAt<MapRole.Set> s : image.sets()) {
            Optional<RoleAt<MapRole.SetDirectory>> top = image.directoryOf(s.role().name(), Level.TOP);
            if (top.isEmpty()) continue;
            int middle = image.directoryOf(s.role().name(), Level.MIDDLE).orElseThrow().index();
            int bottom = image.directoryOf(s.role().name(), Level.BOTTOM).orElseThrow().index();
            List<SetMember> members = maps.keys(s.index()).stream().map(PrefixDirectory::member).toList();
            PrefixDirectory.Layout layout = PrefixDirectory.layout(members);
            // Blocks before the entries that point at them.
            layout.bottom().forEach((i, v) -> maps.update(bottom, PrefixDirectory.key(i), PrefixDirectory.value(v)));
            layout.middle().forEach((i, v) -> maps.update(middle, PrefixDirectory.key(i), PrefixDirectory.value(v)));
            layout.top().forEach((i, v) -> maps.update(top.get().index(), PrefixDirectory.key(i), PrefixDirectory.value(v)));
        }
    }

    private Optional<PrefixDirectoryWrites> directoryOf(int setMap) {
        String name = image.list().get(setMap).role() instanceof MapRole.Set s ? s.name() : "";
        if (image.directoryOf(name, Level.TOP).isEmpty()) return Optional.empty();
        return Optional.of(new PrefixDirectoryWrites(set, image, name, maps));
    }
}
