package dev.sluice.compiler.codegen;

import dev.sluice.compiler.image.SourceMark;
import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.maps.MapDefinition;
import dev.sluice.dsl.model.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the code generation pass gives before its jumps are resolved: the instructions with labels
 * (which {@link dev.sluice.compiler.isa.JumpThreading} may still rewrite), each rule's first
 * instruction as a label, and the maps the code refers to by index.
 */
public record EmittedFilter(CodeBuilder code, List<Map.Entry<Label, SourceLocation>> marks, List<MapDefinition> maps) {
    public EmittedFilter {
        marks = List.copyOf(marks);
        maps = List.copyOf(maps);
    }

    /** Resolves the jumps; marks become instruction indexes (a mark past the last instruction marks nothing). */
    public CompiledFilter build() {
        Code built = code.build();
        List<SourceMark> at = new ArrayList<>();
        for (Map.Entry<Label, SourceLocation> m : marks) {
            int index = code.indexOf(m.getKey());
            if (index < built.size()) at.add(new SourceMark(index, m.getValue()));
        }
        return new CompiledFilter(built, maps, at);
    }
}
