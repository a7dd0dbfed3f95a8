package dev.sluice.cli.rules;

import dev.sluice.dsl.model.Diagnostic;
import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.Hook;
import dev.sluice.dsl.model.PcapFilter;
import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.SourceLocation;
import dev.sluice.dsl.model.Statement;
import dev.sluice.dsl.model.Verdict;
import java.util.List;
import java.util.Optional;

/**
 * {@code --filter 'EXPR'} as rules (docs/CLI.md, "tcpdump filter expressions"): one program on the
 * hook that takes {@code action} on the packets the pcap-filter expression matches and the other
 * verdict on the rest. The expression is its own one-line file, {@code <filter>}, so an error reads
 * {@code <filter>:1:COL: message}.
 */
public final class FilterRules {
    /** The name diagnostics give the expression. */
    public static final String NAME = "<filter>";

    private FilterRules() {}

    /** The program, or the expression's first error. */
    public static LoadedRules load(String expression, Hook hook, boolean drop) {
        PcapFilter filter = dev.sluice.dsl.model.PcapFilters.parse(expression);
        if (filter instanceof PcapFilter.Invalid bad) {
            return LoadedRules.failed(expression, Diagnostic.error(new SourceLocation(NAME, 1, bad.column()), bad.message()));
        }
        SourceLocation start = new SourceLocation(NAME, 1, 1);
        Verdict matched = drop ? new Verdict.Drop() : new Verdict.Pass();
        Verdict other = drop ? new Verdict.Pass() : new Verdict.Drop();
        List<Statement> body = List.of(
                new Statement.When(new Expr.Pcap(filter, start), List.of(new Statement.Return(matched, start)), start),
                new Statement.Return(other, start));
        return LoadedRules.of(expression, List.of(Program.of(hook, Optional.empty(), body, List.of(), start)));
    }
}
