package dev.sluice.compiler.lower;

import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.Statement;
import dev.sluice.dsl.model.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The pass before lowering: runs of rules merged, at every nesting level. It reads and returns the
 * rule model, so every later check sees the merged rules.
 */
public final class MergeRuns {
    private MergeRuns() {}

    /** {@code statements} with every run of single-field rules merged, inside rule bodies too. */
    public static List<Statement> apply(List<Statement> statements) {
        List<Statement> out = new ArrayList<>();
        for (Statement s : mergeLevel(statements)) {
            if (s instanceof Statement.When w) out.add(new Statement.When(w.condition(), apply(w.body()), w.location()));
            else out.add(s);
        }
        return out;
    }

    /**
     * Consecutive rules that each test one field against literals and only give the same verdict
     * ({@code when ip.src == A { drop }} a thousand times) become one rule with a set, which the set
     * lowering then turns into a comparison tree or a map instead of a chain of a thousand tests.
     * Their order does not matter: any of them matching gives the same verdict.
     */
    private static List<Statement> mergeLevel(List<Statement> in) {
        List<Statement> out = new ArrayList<>();
        int i = 0;
        while (i < in.size()) {
            Optional<SingleFieldRule> first = SingleFieldRule.of(in.get(i));
            int j = i + 1;
            List<Expr> members = new ArrayList<>();
            if (first.isPresent()) {
                members.addAll(first.get().members());
                while (j < in.size()) {
                    Optional<SingleFieldRule> next = SingleFieldRule.of(in.get(j));
                    if (next.isEmpty() || !next.get().field().equals(first.get().field()) || !next.get().verdict().equals(first.get().verdict())) break;
                    members.addAll(next.get().members());
                    j++;
                }
            }
            if (first.isEmpty() || j - i < 2) {
                out.add(in.get(i));
                i++;
                continue;
            }
            Statement.When head = (Statement.When) in.get(i);
            Expr.Field field = new Expr.Field(first.get().field(), head.condition().location());
            out.add(new Statement.When(new Expr.In(field, new Expr.SetRef.Inline(members), false, head.location()),
                    head.body(), head.location()));
            i = j;
        }
        return out;
    }

    /** A rule {@code when FIELD == LITERAL { VERDICT }} or {@code when FIELD in {LITERALS} { VERDICT }}. */
    private record SingleFieldRule(String field, List<Expr> members, Verdict verdict) {
        static Optional<SingleFieldRule> of(Statement s) {
            if (!(s instanceof Statement.When w) || w.body().size() != 1
                    || !(w.body().get(0) instanceof Statement.Return r)) {
                return Optional.empty();
            }
            if (w.condition() instanceof Expr.Compare c && c.op() == Expr.CompareOp.EQ) {
                if (c.left() instanceof Expr.Field f && literal(c.right())) return Optional.of(new SingleFieldRule(f.name(), List.of(c.right()), r.verdict()));
                if (c.right() instanceof Expr.Field f && literal(c.left())) return Optional.of(new SingleFieldRule(f.name(), List.of(c.left()), r.verdict()));
            }
            if (w.condition() instanceof Expr.In in && !in.negated() && in.value() instanceof Expr.Field f
                    && in.set() instanceof Expr.SetRef.Inline inline && inline.ranges().isEmpty()
                    && inline.members().stream().allMatch(SingleFieldRule::literal)) {
                return Optional.of(new SingleFieldRule(f.name(), inline.members(), r.verdict()));
            }
            return Optional.empty();
        }

        private static boolean literal(Expr e) {
            return e instanceof Expr.IntLiteral || e instanceof Expr.Ipv4 || e instanceof Expr.Ipv6 || e instanceof Expr.Mac
                    || e instanceof Expr.Cidr;
        }
    }
}
