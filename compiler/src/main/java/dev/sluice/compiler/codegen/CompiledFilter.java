package dev.sluice.compiler.codegen;

import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.maps.MapDefinition;
import java.util.List;

/** Code and the maps it refers to by index (64-bit loads with source MAP_FD carry the index). */
public record CompiledFilter(Code code, List<MapDefinition> maps) {
    public CompiledFilter {
        maps = List.copyOf(maps);
    }
}
