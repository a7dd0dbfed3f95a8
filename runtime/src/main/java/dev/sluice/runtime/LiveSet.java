package dev.sluice.runtime;

import dev.sluice.compiler.RunningSet;
import dev.sluice.compiler.SetMemberKeys;
import dev.sluice.compiler.image.MapRole;
import dev.sluice.compiler.image.RoleAt;
import dev.sluice.compiler.image.SetKeys;
import java.util.List;
import java.util.Map;

/**
 * A named set of a loaded program, changed while the program runs: members added and removed go
 * straight into the set's maps (one per field the rules test it on), with no reload. Members are
 * written as in a script: {@code 10.0.0.0/8}, {@code 2001:db8::1}, {@code 443}, {@code aa:bb:cc:dd:ee:ff}.
 */
public final class LiveSet implements RunningSet {
    private final String name;
    private final List<RoleAt<MapRole.Set>> sets;
    private final MapGroup maps;

    LiveSet(String name, List<RoleAt<MapRole.Set>> sets, MapGroup maps) {
        this.name = name;
        this.sets = List.copyOf(sets);
        this.maps = maps;
    }

    /** The set's name as the rules declare it. */
    @Override
    public String name() {
        return name;
    }

    /** Adds a member; it goes into every map of the set whose field takes it (IPv4 to ip.*, IPv6 to ip6.*). */
    @Override
    public void add(String member) {
        for (Map.Entry<Integer, byte[]> k : SetMemberKeys.of(name, sets, member)) maps.get(k.getKey()).update(k.getValue(), SetKeys.present());
    }

    /** Removes a member; removing one that is not there is no error. */
    @Override
    public void remove(String member) {
        for (Map.Entry<Integer, byte[]> k : SetMemberKeys.of(name, sets, member)) maps.get(k.getKey()).delete(k.getValue());
    }
}
