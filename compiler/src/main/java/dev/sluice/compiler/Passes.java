package dev.sluice.compiler;

import dev.sluice.compiler.codegen.CompiledFilter;
import dev.sluice.compiler.codegen.EmittedFilter;
import dev.sluice.compiler.codegen.FilterCodegen;
import dev.sluice.compiler.codegen.MapLayout;
import dev.sluice.compiler.codegen.FieldSlotLimit;
import dev.sluice.compiler.codegen.ProgramSizeLimit;
import dev.sluice.compiler.codegen.VerifierGate;
import dev.sluice.compiler.image.ProgramImage;
import dev.sluice.compiler.isa.JumpThreading;
import dev.sluice.compiler.lower.MergeRuns;
import dev.sluice.compiler.lower.ModelLowering;
import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.Statement;
import java.util.List;

/**
 * The compiler's passes, in the order they run on one program; each takes the previous one's
 * immutable result (docs/COMPILER.md draws them):
 * <ol>
 *   <li>merge runs: the rule model with runs of single-field rules merged ({@link MergeRuns});</li>
 *   <li>check and lower: fields to slots, literals checked, verdicts to the hook's codes
 *       ({@link ModelLowering}, which hands fields, trace fields, conditions, sets, prints and
 *       verdicts to its parts as it walks the statements); any error ends here with every diagnostic;</li>
 *   <li>field slots: a program reading more packet field values than the stack area holds is the
 *       user's error ({@link FieldSlotLimit});</li>
 *   <li>layout: the maps the lowered program needs, by index ({@link MapLayout});</li>
 *   <li>codegen: the instructions, jumps still to labels ({@link FilterCodegen#emit});</li>
 *   <li>jump threading: jumps to gotos retargeted, {@code if c goto +1; goto L} inverted, gotos to the
 *       next instruction and unreachable code dropped ({@link JumpThreading}), then the jumps resolved; a program over the kernel's size limit
 *       is the user's error here ({@link ProgramSizeLimit});</li>
 *   <li>verifier gate: code the verifier model rejects is an internal error ({@link VerifierGate});</li>
 *   <li>image: the code with its maps tagged by role and the counter names ({@link ProgramImage}), named.</li>
 * </ol>
 */
final class Passes {
    private Passes() {}

    static CompiledProgram compile(String name, Program program, CompileOptions options) {
        List<Statement> merged = MergeRuns.apply(program.statements());
        ModelLowering.Lowered lowered = ModelLowering.lowerWithWarnings(program, merged, options.formats(), options.arch());
        FieldSlotLimit.require(name, program, lowered.program());
        MapLayout layout = MapLayout.of(lowered.program());
        EmittedFilter emitted = FilterCodegen.emit(lowered.program(), layout);
        JumpThreading.apply(emitted.code());
        CompiledFilter filter = emitted.build();
        ProgramSizeLimit.require(name, program, filter);
        VerifierGate.require(filter, lowered.program().access());
        ProgramImage image = new ProgramImage(filter.code(), layout.maps(), lowered.counterNames(), filter.marks());
        return new CompiledProgram(name, program, image, lowered.warnings());
    }
}
