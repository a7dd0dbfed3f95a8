package dev.sluice.compiler;

import dev.sluice.compiler.hooks.Returns;
import dev.sluice.compiler.hooks.Target;
import dev.sluice.dsl.model.Hook;
import dev.sluice.dsl.model.Verdict;
import java.util.List;

/**
 * A hook's return code read back as a verdict (docs/LANGUAGE.md, "Programs"), by the codes
 * {@link Target} lists for the hook.
 */
public final class Verdicts {
    private Verdicts() {}

    /**
     * The verdict {@code retval} means for {@code hook}. A redirect names its target when the program
     * has one, else every target it may have chosen ({@code targetIndex} picks one when known).
     */
    public static Verdict of(Hook hook, int retval, List<String> redirectTargets, int targetIndex) {
        Returns codes = Target.of(hook).returns();
        if (!codes.observes()) {
            if (retval == codes.pass()) return new Verdict.Pass();
            if (retval == codes.drop()) return new Verdict.Drop();
            if (codes.tx().isPresent() && retval == codes.tx().getAsInt()) return new Verdict.Tx();
            if (codes.abort().isPresent() && retval == codes.abort().getAsInt()) return new Verdict.Abort();
            if (codes.redirect().isPresent() && retval == codes.redirect().getAsInt()) return redirect(redirectTargets, targetIndex);
            // A socket filter returns how many bytes to keep.
            if (codes.truncate()) return new Verdict.Truncate(Integer.toUnsignedLong(retval));
        }
        throw new IllegalStateException(hook.kind() + " program returned " + retval + ", which no verdict compiles to");
    }

    private static Verdict redirect(List<String> targets, int index) {
        if (index >= 0 && index < targets.size()) return new Verdict.Redirect(targets.get(index));
        return new Verdict.Redirect(String.join(" or ", targets));
    }

    /** The verdict's keyword in the language: pass, drop, tx, abort, redirect, truncate. */
    public static String word(Verdict v) {
        return v.getClass().getSimpleName().toLowerCase();
    }

    /** The name tools print: pass, drop, tx, abort, redirect or truncate:N (docs/CLI.md, "sluice test"). */
    public static String name(Verdict v) {
        if (v instanceof Verdict.Truncate t) return "truncate:" + t.bytes();
        return v.getClass().getSimpleName().toLowerCase();
    }
}
