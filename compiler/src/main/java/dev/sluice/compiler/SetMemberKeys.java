package dev.sluice.compiler;

import dev.sluice.compiler.image.MapRole;
import dev.sluice.compiler.image.RoleAt;
import dev.sluice.dsl.model.Literals;
import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a member of a named set goes: the map index and key in each of the set's maps whose field
 * takes it. Both back ends' live sets write these, so a member means the same in the JVM and the kernel.
 */
public final class SetMemberKeys {
    private SetMemberKeys() {}

    /**
     * The (map index, key) pairs for {@code member} written as in a script; a member no map of the
     * set takes is an {@link IllegalArgumentException}.
     */
    public static List<Map.Entry<Integer, byte[]>> of(String set, List<RoleAt<MapRole.Set>> maps, String member) {
        Expr literal = Literals.parse(member, SourceLocation.UNKNOWN);
        List<Map.Entry<Integer, byte[]>> out = new ArrayList<>();
        for (RoleAt<MapRole.Set> map : maps) map.role().keyOf(literal).ifPresent(key -> out.add(Map.entry(map.index(), key)));
        if (out.isEmpty()) throw new IllegalArgumentException(member + " fits no field set " + set + " is tested on");
        return out;
    }
}
