package dev.sluice.grammar;

import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.NamedSet;
import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.Script;
import dev.sluice.dsl.model.SourceLocation;
import dev.sluice.dsl.model.Statement;
import java.util.List;

/** A model with every location replaced by {@link SourceLocation#UNKNOWN}, to compare models by content. */
final class Unlocated {
    private static final SourceLocation NOWHERE = SourceLocation.UNKNOWN;

    private Unlocated() {}

    static Script of(Script s) {
        return new Script(s.sets().stream().map(Unlocated::of).toList(), s.programs().stream().map(Unlocated::of).toList());
    }

    static Program of(Program p) {
        return Program.of(p.hook(), p.name(), statements(p.statements()), p.sets().stream().map(Unlocated::of).toList(), NOWHERE);
    }

    static NamedSet of(NamedSet s) {
        return new NamedSet(s.name(), exprs(s.members()), ranges(s.ranges()), NOWHERE, s.file());
    }

    static List<Statement> statements(List<Statement> list) {
        return list.stream().map(Unlocated::of).toList();
    }

    static Statement of(Statement s) {
        if (s instanceof Statement.When w) return new Statement.When(of(w.condition()), statements(w.body()), NOWHERE);
        if (s instanceof Statement.Return r) return new Statement.Return(r.verdict(), NOWHERE);
        if (s instanceof Statement.Count c) return new Statement.Count(c.name(), exprs(c.key()), NOWHERE);
        if (s instanceof Statement.Sum x) return new Statement.Sum(x.name(), of(x.value()), exprs(x.key()), NOWHERE);
        if (s instanceof Statement.Hist h) return new Statement.Hist(h.name(), of(h.value()), exprs(h.key()), NOWHERE);
        Statement.Print p = (Statement.Print) s;
        return new Statement.Print(p.format(), exprs(p.args()), NOWHERE);
    }

    static List<Expr> exprs(List<Expr> list) {
        return list.stream().map(Unlocated::of).toList();
    }

    static List<Expr.SetRef.Range> ranges(List<Expr.SetRef.Range> list) {
        return list.stream().map(r -> new Expr.SetRef.Range(r.low(), r.high(), NOWHERE)).toList();
    }

    static Expr of(Expr e) {
        if (e instanceof Expr.Field f) return new Expr.Field(f.name(), NOWHERE);
        if (e instanceof Expr.IntLiteral i) return new Expr.IntLiteral(i.value(), NOWHERE);
        if (e instanceof Expr.Ipv4 v) return new Expr.Ipv4(v.value(), NOWHERE);
        if (e instanceof Expr.Ipv6 v) return new Expr.Ipv6(v.high(), v.low(), NOWHERE);
        if (e instanceof Expr.Cidr c) return new Expr.Cidr(c.v6(), c.high(), c.low(), c.prefix(), NOWHERE);
        if (e instanceof Expr.Mac m) return new Expr.Mac(m.value(), NOWHERE);
        if (e instanceof Expr.StringLiteral s) return new Expr.StringLiteral(s.value(), NOWHERE);
        if (e instanceof Expr.Compare c) return new Expr.Compare(c.op(), of(c.left()), of(c.right()), NOWHERE);
        if (e instanceof Expr.In in) return new Expr.In(of(in.value()), of(in.set()), in.negated(), NOWHERE);
        if (e instanceof Expr.And a) return new Expr.And(of(a.left()), of(a.right()), NOWHERE);
        if (e instanceof Expr.Or o) return new Expr.Or(of(o.left()), of(o.right()), NOWHERE);
        if (e instanceof Expr.Not n) return new Expr.Not(of(n.operand()), NOWHERE);
        if (e instanceof Expr.Binary b) return new Expr.Binary(b.op(), of(b.left()), of(b.right()), NOWHERE);
        if (e instanceof Expr.RawBytes r) return new Expr.RawBytes(r.header(), of(r.offset()), r.size(), NOWHERE);
        Expr.Call c = (Expr.Call) e;
        return new Expr.Call(c.function(), exprs(c.args()), NOWHERE);
    }

    static Expr.SetRef of(Expr.SetRef s) {
        if (s instanceof Expr.SetRef.Named n) return new Expr.SetRef.Named(n.name(), NOWHERE);
        if (s instanceof Expr.SetRef.Range r) return new Expr.SetRef.Range(r.low(), r.high(), NOWHERE);
        Expr.SetRef.Inline i = (Expr.SetRef.Inline) s;
        return new Expr.SetRef.Inline(exprs(i.members()), ranges(i.ranges()));
    }
}
