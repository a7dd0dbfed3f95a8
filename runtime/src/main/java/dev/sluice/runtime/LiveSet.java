package dev.sluice.runtime;

import dev.sluice.compiler.RunningSet;
import dev.sluice.compiler.SetWrites;
import dev.sluice.compiler.image.ImageMaps;
import dev.sluice.compiler.image.MapRole;
import dev.sluice.compiler.image.RoleAt;
import java.util.List;

/**
 * A named set of a loaded program, changed while the program runs: members added and removed go
 * straight into the set's maps (one per field the rules test it on, with the directory of an
 * IPv4 prefix set kept in step, see {@link SetWrites}), with no reload. Members are
 * written as in a script: {@code 10.0.0.0/8}, {@code 2001:db8::1}, {@code 443}, {@code aa:bb:cc:dd:ee:ff}.
 */
public final class LiveSet implements RunningSet {
    private final String name;
    private final SetWrites writes;

    LiveSet(String name, ImageMaps image, List<RoleAt<MapRole.Set>> sets, MapGroup maps) {
        this.name = name;
        this.writes = new SetWrites(name, image, sets, new KernelSetMaps(maps));
    }

    /** The set's name as the rules declare it. */
    @Override
    public String name() {
        return name;
    }

    /** Adds a member; it goes into every map of the set whose field takes it (IPv4 to ip.*, IPv6 to ip6.*). */
    @Override
    public void add(String member) {
        writes.add(member);
    }

    /** Removes a member; removing one that is not there is no error. */
    @Override
    public void remove(String member) {
        writes.remove(member);
    }
}
