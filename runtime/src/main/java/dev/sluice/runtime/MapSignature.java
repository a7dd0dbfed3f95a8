package dev.sluice.runtime;

import dev.sluice.compiler.image.ImageMap;
import dev.sluice.compiler.image.MapRole;
import dev.sluice.compiler.image.ProgramImage;

/**
 * What must be equal for a map's contents to carry over from one apply to the next: its role
 * (counter names, aggregate key, named set and field) and its kernel shape. Inline sets, redirect
 * targets and event buffers never carry over: they are the script's, not state.
 */
final class MapSignature {
    private MapSignature() {}

    /** The signature of a carried-over map, or empty for a map that is always made anew. */
    static String of(ImageMap map, ProgramImage image) {
        String shape = map.definition().spec().toString();
        MapRole role = map.role();
        if (role instanceof MapRole.Counters) return "counters " + image.counterNames() + " " + shape;
        if (role instanceof MapRole.Aggregate a) return a + " " + shape;
        if (role instanceof MapRole.Set s && !s.origin().isEmpty()) return s + " " + shape;
        return "";
    }
}
