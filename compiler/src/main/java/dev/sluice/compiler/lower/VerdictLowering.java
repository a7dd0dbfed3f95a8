package dev.sluice.compiler.lower;

import dev.sluice.compiler.hooks.Returns;
import dev.sluice.dsl.model.Hook;
import dev.sluice.dsl.model.SourceLocation;
import dev.sluice.dsl.model.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Verdicts to the return codes of the hook ({@link Returns}, from the hook table); a verdict the
 * hook does not have, or any verdict in a trace program, is reported. Redirect targets are
 * collected by name, in the order of the map the loader fills with their ifindexes.
 */
final class VerdictLowering {
    private final Hook hook;
    private final Returns codes;
    private final boolean trace;
    private final BiConsumer<SourceLocation, String> error;
    private final List<String> redirects = new ArrayList<>();

    VerdictLowering(Hook hook, Returns codes, boolean trace, BiConsumer<SourceLocation, String> error) {
        this.hook = hook;
        this.codes = codes;
        this.trace = trace;
        this.error = error;
    }

    /** The interface names redirected to, by index. */
    List<String> redirects() {
        return redirects;
    }

    Statement verdict(Verdict v, SourceLocation at) {
        String kind = hook.kind();
        if (trace) {
            error.accept(at, v.getClass().getSimpleName().toLowerCase() + " is a packet verdict; " + kind + " programs observe and have none");
            return new Statement.Verdict(0);
        }
        if (v instanceof Verdict.Pass) return new Statement.Verdict(codes.pass());
        if (v instanceof Verdict.Drop) return new Statement.Verdict(codes.drop());
        if (v instanceof Verdict.Tx && codes.tx().isPresent()) return new Statement.Verdict(codes.tx().getAsInt());
        if (v instanceof Verdict.Abort && codes.abort().isPresent()) return new Statement.Verdict(codes.abort().getAsInt());
        if (v instanceof Verdict.Redirect r && codes.redirect().isPresent()) {
            int index = redirects.indexOf(r.ifname());
            if (index < 0) {
                redirects.add(r.ifname());
                index = redirects.size() - 1;
            }
            return new Statement.Redirect(index);
        }
        if (v instanceof Verdict.Truncate t && codes.truncate()) {
            if (t.bytes() <= 0 || t.bytes() > 0x7fffffffL) error.accept(at, "truncate takes a positive byte count, not " + t.bytes());
            return new Statement.Verdict((int) Math.max(1, Math.min(t.bytes(), 0x7fffffffL)));
        }
        String name = v.getClass().getSimpleName().toLowerCase();
        error.accept(at, name + " is not a verdict of " + kind + " programs (they take " + codes.allowed() + ")");
        return new Statement.Verdict(codes.pass());
    }
}
