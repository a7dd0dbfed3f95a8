package dev.sluice.compiler;

import dev.sluice.compiler.image.ImageMaps;
import dev.sluice.compiler.image.MapRole;
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
 * ({@link SetMemberKeys}) and, for an IPv4 prefix set, the {@link PrefixDirectory} entries of the
 * /16s the member covers. An add writes the key before the entries that announce it; a removal
 * recomputes those entries from the members left (read back from the hash's keys), then deletes
 * the key. Each entry is one 8-byte array element, written whole, so a packet sees an entry before
 * or after a change, never half of one.
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
            Optional<Integer> directory = directoryOf(k.getKey());
            if (directory.isEmpty()) continue;
            SetMember m = PrefixDirectory.member(k.getValue());
            int first = PrefixDirectory.first(m);
            for (int i = first; i < first + PrefixDirectory.count(m); i++) {
                long entry = maps.lookup(directory.get(), PrefixDirectory.key(i)).map(PrefixDirectory::entry).orElse(0L);
                long next = PrefixDirectory.added(entry, m);
                if (next != entry) maps.update(directory.get(), PrefixDirectory.key(i), PrefixDirectory.value(next));
            }
        }
    }

    /** Removes a member written as in a script; removing one that is not there is no error. */
    public void remove(String member) {
        for (Map.Entry<Integer, byte[]> k : SetMemberKeys.of(set, sets, member)) {
            Optional<Integer> directory = directoryOf(k.getKey());
            if (directory.isPresent() && maps.lookup(k.getKey(), k.getValue()).isPresent()) {
                List<SetMember> left = new ArrayList<>();
                for (byte[] key : maps.keys(k.getKey())) {
                    if (!Arrays.equals(key, k.getValue())) left.add(PrefixDirectory.member(key));
                }
                SetMember m = PrefixDirectory.member(k.getValue());
                Map<Integer, Long> entries = PrefixDirectory.entries(left);
                int first = PrefixDirectory.first(m);
                for (int i = first; i < first + PrefixDirectory.count(m); i++) {
                    maps.update(directory.get(), PrefixDirectory.key(i), PrefixDirectory.value(entries.getOrDefault(i, 0L)));
                }
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
            Optional<RoleAt<MapRole.SetDirectory>> directory = image.directoryOf(s.role().name());
            if (directory.isEmpty()) continue;
            List<SetMember> members = maps.keys(s.index()).stream().map(PrefixDirectory::member).toList();
            for (Map.Entry<Integer, Long> e : PrefixDirectory.entries(members).entrySet()) {
                maps.update(directory.get().index(), PrefixDirectory.key(e.getKey()), PrefixDirectory.value(e.getValue()));
            }
        }
    }

    private Optional<Integer> directoryOf(int setMap) {
        String name = image.list().get(setMap).role() instanceof MapRole.Set s ? s.name() : "";
        return image.directoryOf(name).map(RoleAt::index);
    }
}
