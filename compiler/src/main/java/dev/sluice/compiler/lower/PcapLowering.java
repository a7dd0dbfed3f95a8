package dev.sluice.compiler.lower;

import dev.sluice.compiler.pcap.PcapCompileError;
import dev.sluice.compiler.pcap.PcapGencode;
import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.PcapFilter;
import dev.sluice.dsl.model.SourceLocation;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * {@code pcap "EXPR"} as a condition: the parsed filter through {@link PcapGencode}. A filter that
 * did not parse, that libpcap would refuse, or that the hook cannot read is reported at the
 * condition, with the filter's column.
 */
final class PcapLowering {
    private PcapLowering() {}

    /**
     * At the filter's own column when the location has columns (a script's string starts its first
     * character there; {@code --filter} is its own line), else "column N" in the message (Java).
     */
    private static void report(SourceLocation at, int column, String message, BiConsumer<SourceLocation, String> error) {
        if (at.column() > 0) error.accept(new SourceLocation(at.file(), at.line(), at.column() + column - 1), message);
        else error.accept(at, "pcap filter, column " + column + ": " + message);
    }

    static Condition condition(Expr.Pcap pcap, Optional<String> refusal, BiConsumer<SourceLocation, String> error) {
        if (refusal.isPresent()) {
            error.accept(pcap.location(), refusal.get());
            return new Condition.Constant(false);
        }
        PcapFilter filter = pcap.filter();
        if (filter instanceof PcapFilter.Invalid bad) {
            report(pcap.location(), bad.column(), bad.message(), error);
            return new Condition.Constant(false);
        }
        PcapFilter.Parsed parsed = (PcapFilter.Parsed) filter;
        if (parsed.matchesAll()) return new Condition.Constant(true);
        try {
            return new Condition.Pcap(PcapGencode.lower(parsed.expr().get()));
        } catch (PcapCompileError e) {
            report(pcap.location(), e.column(), e.getMessage(), error);
            return new Condition.Constant(false);
        }
    }
}
