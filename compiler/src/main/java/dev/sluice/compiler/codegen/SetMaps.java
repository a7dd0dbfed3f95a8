package dev.sluice.compiler.codegen;

import dev.sluice.compiler.image.ImageMap;
import dev.sluice.compiler.image.MapRole;
import dev.sluice.compiler.image.MapRole.SetDirectory.Level;
import dev.sluice.compiler.image.PrefixDirectory;
import dev.sluice.compiler.image.SetMember;
import dev.sluice.compiler.image.SetKeys;
import dev.sluice.compiler.lower.ValueSet;
import dev.sluice.compiler.maps.MapDefinition;
import dev.sluice.compiler.maps.MapSpec;
import dev.sluice.compiler.maps.MapType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The maps behind a {@link ValueSet}, its members stored as {@link SetKeys} says: exact sets in a
 * hash map, IPv6 prefix sets in an LPM trie, IPv4 prefix sets in a hash keyed by (length, masked
 * address) with a {@link PrefixDirectory} beside it. The IPv4 directory pays because a /16 index
 * settles most lookups with one inlined array read and any with three; an IPv6 address has no
 * such small first part that most sets spread over, so IPv6 keeps the trie.
 */
public final class SetMaps {
    private SetMaps() {}

    /** The set's maps in the order the layout places them: the members' map, then its directory's three arrays when it has one. */
    public static List<ImageMap> maps(ValueSet set) {
        ImageMap members = new ImageMap(definition(set), role(set));
        if (!directed(set)) return List.of(members);
        List<SetMember> numbers = set.members().stream().map(ValueSet.Member::numbers).toList();
        PrefixDirectory.Layout layout = PrefixDirectory.layout(numbers);
        int capacity = capacity(set);
        return List.of(members,
                directory(set, "_dir16", PrefixDirectory.VALUE_SIZE, PrefixDirectory.ENTRIES, layout.top(), Level.TOP),
                directory(set, "_dir24", PrefixDirectory.MIDDLE_VALUE_SIZE,
                        PrefixDirectory.middleBlocks(capacity) * PrefixDirectory.BLOCK / PrefixDirectory.MIDDLE_PER_ELEMENT,
                        layout.middle(), Level.MIDDLE),
                directory(set, "_dir32", PrefixDirectory.BOTTOM_VALUE_SIZE, PrefixDirectory.bottomBlocks(capacity) * PrefixDirectory.WORDS,
                        layout.bottom(), Level.BOTTOM));
    }

    /** One array of the directory, holding {@code initial}'s u64 values by index. */
    private static ImageMap directory(ValueSet set, String suffix, int valueSize, int entries, SortedMap<Integer, Long> initial, Level level) {
        List<MapDefinition.Entry> values = new ArrayList<>();
        initial.forEach((i, v) -> values.add(new MapDefinition.Entry(PrefixDirectory.key(i), PrefixDirectory.value(v))));
        MapSpec spec = new MapSpec(set.name() + suffix, MapType.ARRAY, 4, valueSize, entries, 0);
        return new ImageMap(new MapDefinition(spec, values), new MapRole.SetDirectory(set.name(), level));
    }

    /** Whether the set is IPv4 prefixes, looked up through a directory beside a hash. */
    public static boolean directed(ValueSet set) {
        return set.kind() == ValueSet.Kind.PREFIX && SetKeys.prefixWidth(set.field()) == 32;
    }

    public static MapDefinition definition(ValueSet set) {
        int max = capacity(set);
        Map<ByteBuffer, byte[]> unique = new LinkedHashMap<>();
        for (ValueSet.Member m : set.members()) {
            byte[] key = key(set, m);
            unique.put(ByteBuffer.wrap(key), key);
        }
        List<MapDefinition.Entry> entries = new ArrayList<>();
        for (byte[] key : unique.values()) entries.add(new MapDefinition.Entry(key, SetKeys.present()));
        if (set.kind() == ValueSet.Kind.EXACT || directed(set)) {
            return new MapDefinition(new MapSpec(set.name(), MapType.HASH, keySize(set), 1, max, 0), entries);
        }
        return new MapDefinition(new MapSpec(set.name(), MapType.LPM_TRIE, keySize(set), 1, max, MapSpec.NO_PREALLOC), entries);
    }

    /** The set's role in the image: what a live set needs to add and remove members. */
    public static MapRole.Set role(ValueSet set) {
        return new MapRole.Set(set.name(), set.origin(), set.field(), set.kind() == ValueSet.Kind.PREFIX);
    }

    /**
     * Named sets grow at run time (a live set adds members): room for twice their members, at least
     * 1,024; a set of no name holds exactly its members.
     */
    public static int capacity(ValueSet set) {
        int members = Math.max(1, set.members().size());
        return set.origin().isEmpty() ? members : Math.max(1024, 2 * members);
    }

    public static int keySize(ValueSet set) {
        return SetKeys.keySize(set.field(), set.kind() == ValueSet.Kind.PREFIX);
    }

    /** A member's key, as {@link SetKeys#key} lays it out. */
    public static byte[] key(ValueSet set, ValueSet.Member m) {
        return SetKeys.key(set.field(), set.kind() == ValueSet.Kind.PREFIX, m.numbers());
    }
}
