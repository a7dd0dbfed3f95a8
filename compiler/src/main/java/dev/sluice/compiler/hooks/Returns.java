package dev.sluice.compiler.hooks;

import java.util.OptionalInt;

/**
 * The return codes that carry a hook's verdicts: XDP_PASS/DROP/TX/ABORTED/REDIRECT, TC_ACT_OK/SHOT/REDIRECT,
 * a socket filter's byte count (all as -1, none as 0, N), cgroup 1 and 0. Trace programs return 0 and
 * have no verdicts ({@code observes}).
 */
public record Returns(int pass, int drop, OptionalInt tx, OptionalInt abort, OptionalInt redirect, boolean truncate,
                      boolean observes) {
    static Returns of(int pass, int drop) {
        return new Returns(pass, drop, OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), false, false);
    }

    static final Returns XDP = new Returns(2, 1, OptionalInt.of(3), OptionalInt.of(0), OptionalInt.of(4), false, false);
    static final Returns TC = new Returns(0, 2, OptionalInt.empty(), OptionalInt.empty(), OptionalInt.of(7), false, false);
    static final Returns SOCKET = new Returns(-1, 0, OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), true, false);
    static final Returns CGROUP = of(1, 0);
    static final Returns TRACE = new Returns(0, 0, OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), false, true);

    /** The verdict words these codes carry, as error messages list them. */
    public String allowed() {
        StringBuilder out = new StringBuilder("pass, drop");
        if (tx.isPresent()) out.append(", tx");
        if (abort.isPresent()) out.append(", abort");
        if (redirect.isPresent()) out.append(", redirect IFNAME");
        if (truncate) out.append(", truncate N");
        return out.toString();
    }
}
