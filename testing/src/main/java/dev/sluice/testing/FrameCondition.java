package dev.sluice.testing;

import dev.sluice.compiler.InterpretedProgram;
import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.compiler.check.CompileException;
import dev.sluice.dsl.Condition;
import dev.sluice.dsl.model.Diagnostic;
import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.Hook;
import dev.sluice.dsl.model.NamedSet;
import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.SourceLocation;
import dev.sluice.dsl.model.Statement;
import dev.sluice.dsl.model.Verdict;
import dev.sluice.grammar.Scripts;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A condition of the rule language ({@code tcp.dport == 22 and ip.src in 10.0.0.0/8}) or of the Java DSL
 * ({@code tcp().dport(22)}), decided on frames as an XDP program sees them: it is compiled into a
 * one-rule program and run in the interpreter, so it means exactly what it means in rules.
 */
public final class FrameCondition {
    private static final String PREFIX = "xdp { when ";

    private final Expr expr;
    private final List<NamedSet> sets;
    private final InterpretedProgram program;

    private FrameCondition(Expr expr, List<NamedSet> sets) {
        this.expr = expr;
        this.sets = List.copyOf(sets);
        Program p = Program.of(new Hook.Xdp(), Optional.of("condition"),
                List.of(new Statement.When(expr, List.of(new Statement.Return(new Verdict.Drop(), expr.location())), expr.location())),
                sets, expr.location());
        try {
            this.program = SluiceCompiler.compile(p).interpreter();
        } catch (CompileException e) {
            throw new IllegalArgumentException(firstMessage(e.diagnostics()), e);
        }
    }

    /** A condition built with the Java DSL, with the named sets it refers to. */
    public static FrameCondition of(Condition condition) {
        return new FrameCondition(condition.expr(), condition.sets());
    }

    /** A condition in the rule language; a mistake in it is an {@link IllegalArgumentException} saying where. */
    public static FrameCondition parse(String text) {
        return parse(text, List.of());
    }

    /** A condition in the rule language that may use the named sets {@code sets} (a script's, say). */
    public static FrameCondition parse(String text, List<NamedSet> sets) {
        if (text.contains("\n")) throw new IllegalArgumentException("a condition is one line");
        Scripts.Result parsed = Scripts.parse(PREFIX + text + " { drop } }", "condition", Path.of("."));
        if (!parsed.ok()) throw new IllegalArgumentException(firstMessage(parsed.diagnostics()));
        List<Program> programs = parsed.script().orElseThrow().programs();
        if (programs.size() != 1 || programs.get(0).statements().size() != 1
                || !(programs.get(0).statements().get(0) instanceof Statement.When when)) {
            throw new IllegalArgumentException("not one condition: " + text);
        }
        return new FrameCondition(when.condition(), sets);
    }

    /** The first diagnostic's message, with its column counted in the condition's own text. */
    private static String firstMessage(List<Diagnostic> diagnostics) {
        Diagnostic d = diagnostics.stream().filter(x -> x.severity() == Diagnostic.Severity.ERROR).findFirst().orElse(diagnostics.get(0));
        SourceLocation at = d.location();
        int column = at.file().equals("condition") ? Math.max(1, at.column() - PREFIX.length()) : at.column();
        return "column " + column + ": " + d.message();
    }

    /** The condition as the rule model holds it. */
    public Expr expr() {
        return expr;
    }

    /** The named sets it may refer to. */
    public List<NamedSet> sets() {
        return sets;
    }

    /** The constants it compares with, and their edges, for drawing frames that reach both outcomes. */
    public Constants constants() {
        Constants own = Constants.of(expr);
        return own.plus(Constants.of(Program.of(new Hook.Xdp(), Optional.empty(), List.of(), sets, expr.location())));
    }

    /** Whether the condition holds for {@code frame}, as an XDP program's {@code when} would decide. */
    public boolean holds(byte[] frame) {
        return program.run(frame) instanceof Verdict.Drop;
    }

    /** Whether the condition holds for {@code frame}. */
    public boolean holds(Frame frame) {
        return holds(frame.bytes());
    }
}
