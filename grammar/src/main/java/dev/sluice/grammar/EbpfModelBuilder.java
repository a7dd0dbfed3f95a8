package dev.sluice.grammar;

import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.Hook;
import dev.sluice.dsl.model.NamedSet;
import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.Script;
import dev.sluice.dsl.model.SourceLocation;
import dev.sluice.dsl.model.Statement;
import dev.sluice.dsl.model.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.antlr.v4.runtime.Token;

/**
 * Turns a parse tree into the rule model. Literal mistakes (a CIDR with host bits, a number over 64
 * bits, a bad escape, a bad set file line) become diagnostics; what the compiler checks (types,
 * ranges of fields, verdicts per hook, undefined sets) is left to it. Programs get no default
 * names here: the compiler numbers them.
 */
final class EbpfModelBuilder {
    private final String file;
    private final Path baseDir;
    private final Problems problems;
    private final boolean treeHasErrors;
    private final ExprBuilder exprs;
    private final Map<String, String> setFileTexts = new LinkedHashMap<>();

    EbpfModelBuilder(String file, Path baseDir, Problems problems, boolean treeHasErrors) {
        this.file = file;
        this.baseDir = baseDir;
        this.problems = problems;
        this.treeHasErrors = treeHasErrors;
        this.exprs = new ExprBuilder(file, problems);
    }

    /** The texts of the set files read, by the names their diagnostics carry. */
    Map<String, String> setFileTexts() {
        return Map.copyOf(setFileTexts);
    }

    Script script(EbpfParser.ScriptContext tree) {
        Map<String, NamedSet> sets = new LinkedHashMap<>();
        List<Program> programs = new ArrayList<>();
        for (EbpfParser.ItemContext item : tree.item()) {
            try {
                if (item.setDeclaration() != null) set(item.setDeclaration(), sets);
                else if (item.program() != null) programs.add(program(item.program()));
            } catch (RuntimeException e) {
                // Recovery left this item incomplete (missing tokens, null children); a syntax error
                // already says why, and no model is returned. Without one, this is a bug: let it out.
                if (!treeHasErrors) throw e;
            }
        }
        // Sets are global to the script: every program sees all of them, whatever the order written.
        List<NamedSet> all = List.copyOf(sets.values());
        List<Program> withSets = programs.stream()
                .map(p -> Program.of(p.hook(), p.name(), p.statements(), all, p.location()))
                .toList();
        return new Script(all, withSets);
    }

    private void set(EbpfParser.SetDeclarationContext ctx, Map<String, NamedSet> sets) {
        NamedSet set;
        Token nameToken = ctx instanceof EbpfParser.InlineSetContext i ? i.name : ((EbpfParser.FileSetContext) ctx).name;
        String name = Tokens.text(nameToken);
        SourceLocation at = Tokens.location(file, nameToken);
        if (ctx instanceof EbpfParser.InlineSetContext inline) {
            Expr.SetRef.Inline members = exprs.inlineSet(inline.setLiteral());
            set = new NamedSet(name, members.members(), members.ranges(), at);
        } else {
            EbpfParser.FileSetContext fileSet = (EbpfParser.FileSetContext) ctx;
            String path = StringLiterals.value(fileSet.path, problems);
            List<Expr> members = List.of();
            try {
                SetFiles.Contents contents = SetFiles.read(path, baseDir, file, problems);
                setFileTexts.put(contents.displayName(), contents.text());
                members = contents.members();
            } catch (SetFiles.Unreadable e) {
                problems.between(fileSet.FILE().getSymbol(), fileSet.path, e.getMessage());
            }
            set = new NamedSet(name, members, List.of(), at, Optional.of(path));
        }
        NamedSet earlier = sets.get(name);
        if (earlier != null) {
            problems.at(nameToken, "set " + name + " is already defined at line " + earlier.location().line());
            return;
        }
        sets.put(name, set);
    }

    private Program program(EbpfParser.ProgramContext ctx) {
        EbpfParser.HookContext hook = ctx.hook();
        Optional<Token> name = Optional.empty();
        Hook model;
        if (hook instanceof EbpfParser.XdpHookContext x) {
            model = new Hook.Xdp();
            name = Optional.ofNullable(x.name);
        } else if (hook instanceof EbpfParser.TcHookContext t) {
            model = new Hook.Tc(t.direction.getType() == EbpfLexer.INGRESS);
            name = Optional.ofNullable(t.name);
        } else if (hook instanceof EbpfParser.SocketHookContext s) {
            model = new Hook.Socket();
            name = Optional.ofNullable(s.name);
        } else if (hook instanceof EbpfParser.CgroupHookContext c) {
            model = new Hook.Cgroup(switch (c.kind.getType()) {
                case EbpfLexer.INGRESS -> Hook.CgroupKind.INGRESS;
                case EbpfLexer.EGRESS -> Hook.CgroupKind.EGRESS;
                default -> Hook.CgroupKind.DEVICE;
            });
            name = Optional.ofNullable(c.name);
        } else if (hook instanceof EbpfParser.KprobeHookContext k) {
            model = new Hook.Kprobe(Tokens.text(k.symbol), k.probe.getType() == EbpfLexer.KRETPROBE);
        } else if (hook instanceof EbpfParser.UprobeHookContext u) {
            model = new Hook.Uprobe(StringLiterals.value(u.path, problems), Tokens.text(u.symbol),
                    u.probe.getType() == EbpfLexer.URETPROBE);
        } else if (hook instanceof EbpfParser.TracepointHookContext t) {
            String id = Tokens.text(t.event);
            int colon = id.indexOf(':');
            model = new Hook.Tracepoint(id.substring(0, colon), id.substring(colon + 1));
        } else if (hook instanceof EbpfParser.ProfileHookContext p) {
            if (!Tokens.text(p.unit).equals("hz")) {
                problems.at(p.unit, "expected 'hz' (samples a second, as in 'profile hz 99'), found '" + p.unit.getText() + "'");
            }
            model = new Hook.Profile(exprs.integerValue(p.rate.getStart()));
        } else {
            throw new Tokens.IncompleteTree();
        }
        Optional<String> programName = name.map(Tokens::text);
        return Program.of(model, programName, statements(ctx.block()), List.of(), Tokens.location(file, hook.getStart()));
    }

    private List<Statement> statements(EbpfParser.BlockContext block) {
        List<Statement> out = new ArrayList<>();
        for (EbpfParser.StatementContext s : block.statement()) {
            statement(s).ifPresent(out::add);
        }
        return out;
    }

    private Optional<Statement> statement(EbpfParser.StatementContext ctx) {
        SourceLocation at = Tokens.location(file, ctx.getStart());
        if (ctx instanceof EbpfParser.WhenStatementContext w) {
            return Optional.of(new Statement.When(exprs.expr(w.expr()), statements(w.block()), at));
        }
        if (ctx instanceof EbpfParser.VerdictStatementContext v) return Optional.of(new Statement.Return(verdict(v.verdict()), at));
        if (ctx instanceof EbpfParser.CountStatementContext c) {
            return Optional.of(new Statement.Count(Tokens.text(c.name), key(c.key()), at));
        }
        if (ctx instanceof EbpfParser.SumStatementContext s) {
            return Optional.of(new Statement.Sum(Tokens.text(s.name), exprs.expr(s.expr()), key(s.key()), at));
        }
        if (ctx instanceof EbpfParser.HistStatementContext h) {
            return Optional.of(new Statement.Hist(Tokens.text(h.name), exprs.expr(h.expr()), key(h.key()), at));
        }
        if (ctx instanceof EbpfParser.PrintStatementContext p) {
            List<Expr> args = new ArrayList<>();
            for (EbpfParser.ExprContext e : p.expr()) args.add(exprs.expr(e));
            return Optional.of(new Statement.Print(StringLiterals.value(p.format, problems), args, at));
        }
        if (ctx instanceof EbpfParser.EmptyStatementContext) return Optional.empty();
        throw new Tokens.IncompleteTree();
    }

    private List<Expr> key(EbpfParser.KeyContext ctx) {
        if (ctx == null) return List.of();
        List<Expr> out = new ArrayList<>();
        if (ctx instanceof EbpfParser.TupleKeyContext t) {
            for (EbpfParser.ExprContext e : t.expr()) out.add(exprs.expr(e));
        } else if (ctx instanceof EbpfParser.SingleKeyContext s) {
            out.add(exprs.expr(s.expr()));
        } else {
            throw new Tokens.IncompleteTree();
        }
        return out;
    }

    private Verdict verdict(EbpfParser.VerdictContext ctx) {
        if (ctx instanceof EbpfParser.PassVerdictContext) return new Verdict.Pass();
        if (ctx instanceof EbpfParser.DropVerdictContext) return new Verdict.Drop();
        if (ctx instanceof EbpfParser.TxVerdictContext) return new Verdict.Tx();
        if (ctx instanceof EbpfParser.AbortVerdictContext) return new Verdict.Abort();
        if (ctx instanceof EbpfParser.RedirectVerdictContext r) {
            String target = r.target.getType() == EbpfLexer.STRING ? StringLiterals.value(r.target, problems) : Tokens.text(r.target);
            return new Verdict.Redirect(target);
        }
        if (ctx instanceof EbpfParser.TruncateVerdictContext t) return new Verdict.Truncate(exprs.integerValue(t.integer().getStart()));
        throw new Tokens.IncompleteTree();
    }
}
