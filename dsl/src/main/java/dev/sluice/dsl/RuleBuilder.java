package dev.sluice.dsl;

import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.NamedSet;
import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.SourceLocation;
import dev.sluice.dsl.model.Statement;
import dev.sluice.dsl.model.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The one {@link RuleStep}: the program before the rule, the rule's condition and its actions so far. */
final class RuleBuilder<P extends Program> implements RuleStep<P> {
    private final Program program;
    /** Makes the program a verdict or {@link #end()} returns, from the program with this rule added. */
    private final Function<Program.Definition, P> finish;
    private final Optional<Expr> condition;
    private final List<Statement> actions;
    private final SourceLocation location;

    RuleBuilder(Program program, Optional<Condition> condition, SourceLocation location, Function<Program.Definition, P> finish) {
        this(withSets(program, condition), condition.map(Condition::expr), List.of(), location, finish);
    }

    private RuleBuilder(Program program, Optional<Expr> condition, List<Statement> actions, SourceLocation location,
                        Function<Program.Definition, P> finish) {
        this.program = program;
        this.finish = finish;
        this.condition = condition;
        this.actions = List.copyOf(actions);
        this.location = location;
    }

    /** The program declaring the named sets the condition refers to, each once. */
    private static Program withSets(Program p, Optional<Condition> c) {
        if (c.isEmpty() || c.get().sets().isEmpty()) return p;
        List<NamedSet> sets = new ArrayList<>(p.sets());
        for (NamedSet s : c.get().sets()) if (!sets.contains(s)) sets.add(s);
        return new Program.Definition(p.hook(), p.name(), p.statements(), sets, p.location());
    }

    private RuleBuilder<P> with(Statement action) {
        List<Statement> more = new ArrayList<>(actions);
        more.add(action);
        return new RuleBuilder<>(program, condition, more, location, finish);
    }

    @Override
    public P end() {
        List<Statement> statements = new ArrayList<>(program.statements());
        if (condition.isPresent()) {
            statements.add(new Statement.When(condition.get(), actions, location));
        } else {
            statements.addAll(actions);
        }
        return finish.apply(new Program.Definition(program.hook(), program.name(), statements, program.sets(), program.location()));
    }

    @Override
    public RuleStep<P> count(String name) {
        return with(new Statement.Count(name, List.of(), SourceLocation.caller()));
    }

    @Override
    public RuleStep<P> countBy(String name, Value key, Value... moreKeys) {
        SourceLocation at = SourceLocation.caller();
        List<Expr> keys = new ArrayList<>(List.of(key.expr(at)));
        keys.addAll(exprs(moreKeys, at));
        return with(new Statement.Count(name, keys, at));
    }

    @Override
    public RuleStep<P> sum(String name, IntField value, Value... key) {
        SourceLocation at = SourceLocation.caller();
        return with(new Statement.Sum(name, value.expr(at), exprs(key, at), at));
    }

    @Override
    public RuleStep<P> hist(String name, IntField value, Value... key) {
        SourceLocation at = SourceLocation.caller();
        return with(new Statement.Hist(name, value.expr(at), exprs(key, at), at));
    }

    @Override
    public RuleStep<P> print(String format, Value... values) {
        SourceLocation at = SourceLocation.caller();
        return with(new Statement.Print(format, exprs(values, at), at));
    }

    private static List<Expr> exprs(Value[] values, SourceLocation at) {
        List<Expr> out = new ArrayList<>();
        for (Value v : values) out.add(v.expr(at));
        return out;
    }

    private P verdict(Verdict v) {
        return with(new Statement.Return(v, SourceLocation.caller())).end();
    }

    @Override
    public P drop() {
        return verdict(new Verdict.Drop());
    }

    @Override
    public P pass() {
        return verdict(new Verdict.Pass());
    }

    @Override
    public P tx() {
        return verdict(new Verdict.Tx());
    }

    @Override
    public P abort() {
        return verdict(new Verdict.Abort());
    }

    @Override
    public P redirect(String ifname) {
        return verdict(new Verdict.Redirect(ifname));
    }

    @Override
    public P truncate(long bytes) {
        return verdict(new Verdict.Truncate(bytes));
    }

    @Override
    public RuleStep<P> when(Condition next) {
        return new RuleBuilder<>(end(), Optional.of(next), SourceLocation.caller(), finish);
    }

    @Override
    public RuleStep<P> otherwise() {
        return new RuleBuilder<>(end(), Optional.empty(), SourceLocation.caller(), finish);
    }
}
