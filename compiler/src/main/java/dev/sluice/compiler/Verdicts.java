package dev.sluice.compiler;

import dev.sluice.dsl.model.Hook;
import dev.sluice.dsl.model.Verdict;
import java.util.List;

/**
 * A hook's return code read back as a verdict (docs/LANGUAGE.md, "Programs"): XDP_ABORTED..XDP_REDIRECT,
 * TC_ACT_OK/SHOT/REDIRECT, a socket filter's byte count (all, none, N), cgroup 1 and 0.
 */
public final class Verdicts {
    private static final int XDP_ABORTED = 0, XDP_DROP = 1, XDP_PASS = 2, XDP_TX = 3, XDP_REDIRECT = 4;
    private static final int TC_ACT_OK = 0, TC_ACT_SHOT = 2, TC_ACT_REDIRECT = 7;

    private Verdicts() {}

    /**
     * The verdict {@code retval} means for {@code hook}. A redirect names its target when the program
     * has one, else every target it may have chosen ({@code targetIndex} picks one when known).
     */
    public static Verdict of(Hook hook, int retval, List<String> redirectTargets, int targetIndex) {
        if (hook instanceof Hook.Xdp) {
            switch (retval) {
                case XDP_ABORTED: return new Verdict.Abort();
                case XDP_DROP: return new Verdict.Drop();
                case XDP_PASS: return new Verdict.Pass();
                case XDP_TX: return new Verdict.Tx();
                case XDP_REDIRECT: return redirect(redirectTargets, targetIndex);
                default: break;
            }
        } else if (hook instanceof Hook.Tc) {
            switch (retval) {
                case TC_ACT_OK: return new Verdict.Pass();
                case TC_ACT_SHOT: return new Verdict.Drop();
                case TC_ACT_REDIRECT: return redirect(redirectTargets, targetIndex);
                default: break;
            }
        } else if (hook instanceof Hook.Socket) {
            if (retval == -1) return new Verdict.Pass();
            if (retval == 0) return new Verdict.Drop();
            return new Verdict.Truncate(Integer.toUnsignedLong(retval));
        } else if (hook instanceof Hook.Cgroup) {
            if (retval == 1) return new Verdict.Pass();
            if (retval == 0) return new Verdict.Drop();
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
