package dev.sluice.compiler.testing;

import dev.sluice.compiler.codegen.CompiledFilter;
import dev.sluice.compiler.codegen.FilterCodegen;
import dev.sluice.compiler.codegen.MapLayout;
import dev.sluice.compiler.codegen.VerifierGate;
import dev.sluice.compiler.image.ProgramImage;
import dev.sluice.compiler.lower.FilterProgram;
import java.util.List;

/**
 * Tests that start from a hand-built lowered program: the layout, code and verifier-gate passes in
 * a row, as {@code Passes} runs them after lowering. The product always starts from the rule model.
 */
public final class LoweredFilters {
    private LoweredFilters() {}

    /** The code and its maps (see {@link MapLayout}), through the verifier gate. */
    public static CompiledFilter compile(FilterProgram program) {
        CompiledFilter compiled = FilterCodegen.compile(program, MapLayout.of(program));
        VerifierGate.require(compiled, program.access());
        return compiled;
    }

    /**
     * The same as a loadable image. Its plain counters have no names (names come from the rules, which
     * a lowered program no longer carries): read them by slot.
     */
    public static ProgramImage image(FilterProgram program) {
        MapLayout layout = MapLayout.of(program);
        CompiledFilter compiled = FilterCodegen.compile(program, layout);
        VerifierGate.require(compiled, program.access());
        return new ProgramImage(compiled.code(), layout.maps(), List.of(), compiled.marks());
    }
}
