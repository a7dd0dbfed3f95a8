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

/**
 * A rule being written: {@code .when(c)} (or {@code .otherwise()}) then actions; a verdict ends the
 * rule and returns the program, {@code .when}/{@code .otherwise} start the next one. Immutable.
 */
public final class RuleStep {
    private final Program program;
    private final Optional<Expr> condition;
    private final List<Statement> actions;
    private final SourceLocation location;

    RuleStep(Program program, Optional<Condition> condition, SourceLocation location) {
        this(withSets(program, condition), condition.map(Condition::expr), List.of(), location);
    }

    private RuleStep(Program program, Optional<Expr> condition, List<Statement> actions, SourceLocation location) {
        this.program = program;
        this.condition = condition;
        this.actions = List.copyOf(actions);
        this.location = location;
    }

    private static Program withSets(Program p, Optional<Condition> c) {
        if (c.isEmpty() || c.get().sets().isEmpty()) return p;
        List<NamedSet> sets = new ArrayList<>(p.sets());
        for (NamedSet s : c.get().sets()) if (!sets.contains(s)) sets.add(s);
        return new Program(p.hook(), p.name(), p.statements(), sets, p.location());
    }

    private RuleStep with(Statement action) {
        List<Statement> more = new ArrayList<>(actions);
        more.add(action);
        return new RuleStep(program, condition, more, location);
    }

    /** The program with this rule closed (no verdict). */
    public Program end() {
        List<Statement> statements = new ArrayList<>(program.statements());
        if (condition.isPresent()) {
            statements.add(new Statement.When(condition.get(), actions, location));
        } else {
            statements.addAll(actions);
        }
        return new Program(program.hook(), program.name(), statements, program.sets(), program.location());
    }

    /**
     * {@code count NAME}: adds 1 to the per-CPU counter NAME each time the rule runs; the CLI and {@code
     * LoadedProgram.counter} read the sum.
     */
    public RuleStep count(String name) {
        return with(new Statement.Count(name, List.of(), SourceLocation.caller()));
    }

    /** {@code count NAME by FIELD}: keyed by one field, e.g. {@code countBy("protos", "ip.proto")}. */
    public RuleStep countBy(String name, String... keyFields) {
        SourceLocation at = SourceLocation.caller();
        List<Expr> key = new ArrayList<>();
        for (String f : keyFields) key.add(new Expr.Field(f, at));
        return with(new Statement.Count(name, key, at));
    }

    /** {@code sum NAME FIELD [by KEY...]}: adds the field's value, e.g. {@code sum("bytes", "arg2")}. */
    public RuleStep sum(String name, String field, String... keyFields) {
        SourceLocation at = SourceLocation.caller();
        return with(new Statement.Sum(name, new Expr.Field(field, at), fields(keyFields, at), at));
    }

    /** {@code hist NAME FIELD [by KEY...]}: a power-of-two histogram of the field's value. */
    public RuleStep hist(String name, String field, String... keyFields) {
        SourceLocation at = SourceLocation.caller();
        return with(new Statement.Hist(name, new Expr.Field(field, at), fields(keyFields, at), at));
    }

    /** {@code print "FORMAT", FIELD, ...}: an event to user space; {@code "str(args.filename)"} reads a string. */
    public RuleStep print(String format, String... values) {
        SourceLocation at = SourceLocation.caller();
        List<Expr> args = new ArrayList<>();
        for (String v : values) {
            if (v.startsWith("str(") && v.endsWith(")")) {
                args.add(new Expr.Call("str", List.of(new Expr.Field(v.substring(4, v.length() - 1), at)), at));
            } else {
                args.add(new Expr.Field(v, at));
            }
        }
        return with(new Statement.Print(format, args, at));
    }

    private static List<Expr> fields(String[] names, SourceLocation at) {
        List<Expr> out = new ArrayList<>();
        for (String f : names) out.add(new Expr.Field(f, at));
        return out;
    }

    private Program verdict(Verdict v) {
        return with(new Statement.Return(v, SourceLocation.caller())).end();
    }

    /** {@code drop}: the packets that reach this verdict are dropped, and the program ends for them. */
    public Program drop() {
        return verdict(new Verdict.Drop());
    }

    /** {@code pass}: ends the rule and returns the program; the packet goes on as if no program ran. */
    public Program pass() {
        return verdict(new Verdict.Pass());
    }

    /** {@code tx} (XDP only): sends the packet back out of the interface it came in on. */
    public Program tx() {
        return verdict(new Verdict.Tx());
    }

    /**
     * {@code abort} (XDP only): drops the packet as a program error, which {@code xdp:xdp_exception} traces.
     */
    public Program abort() {
        return verdict(new Verdict.Abort());
    }

    /**
     * {@code redirect IFNAME} (XDP and tc): sends the packet out of the named interface, resolved when the
     * program is loaded.
     */
    public Program redirect(String ifname) {
        return verdict(new Verdict.Redirect(ifname));
    }

    /** {@code truncate N} (socket only): keeps the first N bytes of the packet for the socket. */
    public Program truncate(long bytes) {
        return verdict(new Verdict.Truncate(bytes));
    }

    /** Closes this rule (without a verdict) and starts the next. */
    public RuleStep when(Condition next) {
        return new RuleStep(end(), Optional.of(next), SourceLocation.caller());
    }

    /**
     * Closes this rule and starts one without a condition: what follows runs for every packet that got this
     * far.
     */
    public RuleStep otherwise() {
        return new RuleStep(end(), Optional.empty(), SourceLocation.caller());
    }
}
