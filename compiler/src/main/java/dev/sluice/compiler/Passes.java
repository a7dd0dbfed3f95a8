package dev.sluice.compiler;

import dev.sluice.compiler.codegen.CompiledFilter;
import dev.sluice.compiler.codegen.EmittedFilter;
import dev.sluice.compiler.codegen.FilterCodegen;
import dev.sluice.compiler.codegen.MapLayout;
import dev.sluice.compiler.codegen.FieldSlotLimit;
import dev.sluice.compiler.codegen.ProgramSizeLimit;
import dev.sluice.compiler.codegen.VerifierGate;
import dev.sluice.compiler.image.ProgramImage;
import dev.sluice.compiler.isa.JumpPasses;
import dev.sluice.compiler.lower.MergeRuns;
import dev.sluice.compiler.lower.ModelLowering;
import dev.sluice.dsl.model.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.sluice.compiler.hooks.ContextAccess;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.lower.Condition;
import dev.sluice.compiler.lower.FilterProgram;
import dev.sluice.compiler.lower.Statement;
import dev.sluice.compiler.lower.TraceSetup;
import dev.sluice.compiler.pcap.PcapLdAbsForm;
import dev.sluice.compiler.pcap.PcapTest;
import dev.sluice.dsl.model.SourceLocation;

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
 *   <li>codegen: the instructions, jumps still to labels ({@link FilterCodegen#emit}); or, for a tc
 *       program that is one lone {@code pcap} rule whose other verdict is 0, its LD_ABS form
 *       ({@link PcapLdAbsForm}, {@link #ldAbsForm} says when);</li>
 *   <li>jump passes ({@link dev.sluice.compiler.isa.JumpPasses}): a goto into a short path to an exit
 *       replaced by a copy of it (tail duplication), jumps to gotos retargeted, {@code if c goto +1; goto L} inverted, gotos to the
 *       next instruction and unreachable code dropped ({@link dev.sluice.compiler.isa.JumpThreading}), jumps whose outcome a
 *       constant the path set decides resolved, writes no path reads dropped, r6-r9 renamed to free
 *       caller-saved registers where no helper call separates a value from its reads; then the jumps resolved; a program over the kernel's size limit
 *       is the user's error here ({@link ProgramSizeLimit});</li>
 *   <li>verifier gate: code the verifier model rejects is an internal error ({@link VerifierGate});</li>
 *   <li>image: the code with its maps tagged by role and the counter names ({@link ProgramImage}), named.</li>
 * </ol>
 */
final class Passes {
    private Passes() {}

    static CompiledProgram compile(String name, Program program, CompileOptions options) {
        List<dev.sluice.dsl.model.Statement> merged = MergeRuns.apply(program.statements());
        ModelLowering.Lowered lowered = ModelLowering.lowerWithWarnings(program, merged, options.formats(), options.arch());
        FieldSlotLimit.require(name, program, lowered.program());
        MapLayout layout = MapLayout.of(lowered.program());
        Optional<PcapRule> lone = ldAbsForm(lowered.program(), lowered.counterNames());
        EmittedFilter emitted = lone.isPresent() ? lone.get().emit() : FilterCodegen.emit(lowered.program(), layout);
        JumpPasses.apply(emitted.code());
        CompiledFilter filter = emitted.build();
        ProgramSizeLimit.require(name, program, filter);
        VerifierGate.require(filter, lowered.program().access());
        ProgramImage image = new ProgramImage(filter.code(), layout.maps(), lowered.counterNames(), filter.marks());
        return new CompiledProgram(name, program, image, lowered.warnings());
    }

    /** A program's one {@code pcap} rule: its test, the verdict when it holds, and the rule's place. */
    record PcapRule(PcapTest test, int matched, Optional<SourceLocation> at) {
        EmittedFilter emit() {
            CodeBuilder b = new CodeBuilder();
            Label start = b.newLabel();
            b.bind(start);
            PcapLdAbsForm.emit(b, test, matched);
            return new EmittedFilter(b, at.map(l -> List.of(Map.entry(start, l))).orElse(List.of()), List.of());
        }
    }

    /**
     * The program's pcap rule when it can take the LD_ABS form: a tc program (the kernel allows the
     * legacy loads in skb programs; tc's packet starts at Ethernet, as libpcap's offsets do) whose
     * statements are one {@code when pcap "EXPR" { VERDICT }} and then the other verdict, with no
     * named counter (the counter map is always there), set, print or redirect, and the other verdict 0
     * (TC_ACT_OK), because a legacy load past the packet's end ends the program with 0 and that
     * must be what a rejected packet gets. {@code --filter 'EXPR'} with the default {@code --action
     * drop} is such a program; {@code --action pass} is not (its other verdict is TC_ACT_SHOT).
     */
    static Optional<PcapRule> ldAbsForm(FilterProgram p, List<String> counterNames) {
        if (p.access() != ContextAccess.SKB || !counterNames.isEmpty() || !p.sets().isEmpty() || !p.keyedCounters().isEmpty()
                || !p.redirectTargets().isEmpty() || !p.printFormats().isEmpty() || !p.trace().equals(TraceSetup.NONE)) {
            return Optional.empty();
        }
        List<SourceLocation> at = new ArrayList<>();
        List<Statement> body = unmarked(p.body(), at);
        int other = p.defaultVerdict();
        if (body.size() == 2 && body.get(1) instanceof Statement.Verdict v) other = v.code();
        else if (body.size() != 1) return Optional.empty();
        if (other != 0 || !(body.get(0) instanceof Statement.When when) || !(when.condition() instanceof Condition.Pcap pcap)) {
            return Optional.empty();
        }
        List<Statement> then = unmarked(when.body(), at);
        if (then.size() != 1 || !(then.get(0) instanceof Statement.Verdict matched) || matched.code() == 0) return Optional.empty();
        return Optional.of(new PcapRule(pcap.test(), matched.code(), at.stream().findFirst()));
    }

    private static List<Statement> unmarked(List<Statement> body, List<SourceLocation> marks) {
        List<Statement> out = new ArrayList<>();
        for (Statement s : body) {
            if (s instanceof Statement.Mark m) marks.add(m.at());
            else out.add(s);
        }
        return out;
    }
}
