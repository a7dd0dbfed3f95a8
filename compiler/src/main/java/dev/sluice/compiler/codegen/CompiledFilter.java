package dev.sluice.compiler.codegen;

import dev.sluice.compiler.image.SourceMark;
import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.maps.MapDefinition;
import java.util.List;

/**
 * What the code generation pass gives: code and the maps it refers to by index (64-bit loads with
 * source MAP_FD carry the index), in {@link MapLayout}'s order. The driver wraps it, with the
 * layout's roles, in a {@link dev.sluice.compiler.image.ProgramImage}, which is what loaders read.
 */
public record CompiledFilter(Code code, List<MapDefinition> maps, List<SourceMark> marks) {
    public CompiledFilter {
        maps = List.copyOf(maps);
        marks = List.copyOf(marks);
    }

    public CompiledFilter(Code code, List<MapDefinition> maps) {
        this(code, maps, List.of());
    }

    /** The source of the code around slot {@code slot} (as the verifier numbers instructions). */
    public java.util.Optional<dev.sluice.dsl.model.SourceLocation> sourceOfSlot(int slot) {
        return SourceMark.sourceOfSlot(code, marks, slot);
    }
}
