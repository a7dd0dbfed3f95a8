package dev.sluice.compiler.lower;

import dev.sluice.compiler.image.AggregateKind;
import dev.sluice.compiler.hooks.Target;

import dev.sluice.compiler.check.CompileException;
import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.compiler.hooks.Target;
import dev.sluice.compiler.trace.PtRegs;
import dev.sluice.compiler.trace.TracepointFormats;
import dev.sluice.dsl.model.Diagnostic;
import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a packet program of the rule model and lowers it to a {@link FilterProgram}: fields to
 * parsed slots, literals to numbers (ranges checked), {@code in} to comparisons, prefixes or
 * map-backed sets, verdicts to the hook's return codes, counters to map slots. Every problem is
 * collected with its location; any makes {@link #lower} throw one {@link CompileException}.
 *
 * <p>This class walks the statements (rules, shadowing warnings, counters and aggregates); each
 * other concept has its own part, all reporting into one list: {@link FieldLowering} (names to
 * fields), {@link TraceLowering} (trace fields, {@code args.NAME} from tracefs, {@code str()}),
 * {@link ConditionLowering} (conditions and arithmetic), {@link LiteralComparison} (literal types
 * and ranges), {@link SetLowering} (set strategies by size), {@link PrintLowering} (print formats)
 * and {@link VerdictLowering} (verdicts to the hook's codes).
 */
public final class ModelLowering {
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final List<Diagnostic> warnings = new ArrayList<>();
    private final Aggregates aggregates = new Aggregates(this::error);
    private final Target target;
    private final TraceLowering trace;
    private final FieldLowering fields;
    private final SetLowering sets;
    private final ConditionLowering conditions;
    private final PrintLowering prints;
    private final VerdictLowering verdicts;

    private ModelLowering(Program program, TracepointFormats formats) {
        this.target = Target.of(program.hook());
        this.trace = new TraceLowering(program.hook(), target, formats, this::error);
        this.fields = new FieldLowering(program.hook(), target, trace, this::error);
        LiteralComparison literals = new LiteralComparison(this::error);
        this.sets = new SetLowering(program.sets(), fields, literals, this::error);
        this.conditions = new ConditionLowering(fields, trace, literals, sets, this::error);
        this.prints = new PrintLowering(fields, this::error);
        this.verdicts = new VerdictLowering(program.hook(), target.returns(), trace.trace(), this::error);
    }

    /** The lowered program, the warnings about it, and the names of its plain counters by slot. */
    public record Lowered(FilterProgram program, List<Diagnostic> warnings, List<String> counterNames) {
        public Lowered {
            warnings = List.copyOf(warnings);
            counterNames = List.copyOf(counterNames);
        }
    }

    public static FilterProgram lower(Program program) {
        return lowerWithWarnings(program).program();
    }

    public static Lowered lowerWithWarnings(Program program) {
        return lowerWithWarnings(program, TracepointFormats.TRACEFS);
    }

    public static Lowered lowerWithWarnings(Program program, TracepointFormats formats) {
        return lowerWithWarnings(program, formats, PtRegs.host());
    }

    /** Lowers with tracepoint formats read through {@code formats} and probes laid out for {@code arch}. */
    public static Lowered lowerWithWarnings(Program program, TracepointFormats formats, PtRegs arch) {
        return lowerWithWarnings(program, MergeRuns.apply(program.statements()), formats, arch);
    }

    /**
     * The lowering pass: checks and lowers {@code statements} (the program's, after {@link MergeRuns})
     * in the context of {@code program} (its hook and named sets).
     */
    public static Lowered lowerWithWarnings(Program program, List<dev.sluice.dsl.model.Statement> statements,
                                            TracepointFormats formats, PtRegs arch) {
        ModelLowering l = new ModelLowering(program, formats);
        List<Statement> body = l.statements(statements);
        if (!l.diagnostics.isEmpty()) throw new CompileException(l.diagnostics);
        List<String> counterNames = l.aggregates.plainNames();
        FilterProgram lowered = new FilterProgram(l.target.access(), body, l.target.returns().pass(), Math.max(1, counterNames.size()),
                l.sets.sets(), l.aggregates.keyed(), l.verdicts.redirects(), l.prints.formats(), l.trace.setup(arch));
        return new Lowered(lowered, l.warnings, counterNames);
    }

    private void error(SourceLocation at, String message) {
        diagnostics.add(Diagnostic.error(at, message));
    }

    private List<Statement> statements(List<dev.sluice.dsl.model.Statement> original) {
        List<dev.sluice.dsl.model.Statement> in = original;
        List<Statement> out = new ArrayList<>();
        // Earlier rules at this level that end in a verdict, with where they are.
        Shadowing.Index<SourceLocation> ending = new Shadowing.Index<>();
        boolean ended = false;
        for (dev.sluice.dsl.model.Statement s : in) {
            if (!ended && s.location() != SourceLocation.UNKNOWN) out.add(new Statement.Mark(s.location()));
            if (ended) {
                error(s.location(), "this statement never runs: an unconditional verdict before it ends the program");
                break;
            }
            if (s instanceof dev.sluice.dsl.model.Statement.When w) {
                Condition c = conditions.condition(w.condition());
                List<Statement> body = statements(w.body());
                ending.covering(c).ifPresent(earlier -> warnings.add(Diagnostic.warning(w.location(),
                        "this rule never runs: the rule at " + earlier + " ends every packet it matches")));
                if (!body.isEmpty() && (body.get(body.size() - 1) instanceof Statement.Verdict
                        || body.get(body.size() - 1) instanceof Statement.Redirect)) {
                    ending.add(c, w.location());
                }
                out.add(new Statement.When(c, body));
            } else if (s instanceof dev.sluice.dsl.model.Statement.Return r) {
                out.add(verdicts.verdict(r.verdict(), r.location()));
                ended = true;
            } else if (s instanceof dev.sluice.dsl.model.Statement.Count c) {
                count(c).ifPresent(out::add);
            } else if (s instanceof dev.sluice.dsl.model.Statement.Sum sum) {
                aggregate(sum.name(), sum.value(), sum.key(), AggregateKind.SUM, sum.location()).ifPresent(out::add);
            } else if (s instanceof dev.sluice.dsl.model.Statement.Hist hist) {
                aggregate(hist.name(), hist.value(), hist.key(), AggregateKind.HIST, hist.location()).ifPresent(out::add);
            } else if (s instanceof dev.sluice.dsl.model.Statement.Print print) {
                prints.print(print).ifPresent(out::add);
            }
        }
        return out;
    }

    private Optional<Statement> count(dev.sluice.dsl.model.Statement.Count c) {
        if (c.key().isEmpty()) return Optional.of(aggregates.count(c.name(), c.location()));
        return aggregates.countBy(c.name(), fields.keyFields(c.key()), c.location());
    }

    private Optional<Statement> aggregate(String name, Expr valueExpr, List<Expr> keyExprs, AggregateKind kind,
                                          SourceLocation at) {
        Optional<Condition.Value> value = conditions.arithmetic(valueExpr);
        List<PacketField> key = fields.keyFields(keyExprs);
        Optional<Integer> index = aggregates.aggregate(name, key, kind, at);
        if (index.isEmpty() || value.isEmpty()) return Optional.empty();
        return Optional.of(kind == AggregateKind.SUM ? new Statement.Sum(index.get(), value.get(), key)
                : new Statement.Hist(index.get(), value.get(), key));
    }
}
