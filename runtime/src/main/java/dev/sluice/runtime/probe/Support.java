package dev.sluice.runtime.probe;

/** A probe's answer: a definite yes or no, or unknown with the reason. */
public record Support(Kind kind, String reason) {
    /** Which answer it is. */
    public enum Kind {
        /** The kernel accepted the probe. */
        YES,
        /** The kernel refused the probe for the feature itself. */
        NO,
        /** The probe could not tell (no privilege, an unexpected error, a missing file): see the reason. */
        UNKNOWN
    }

    /** A definite yes, with no reason. */
    public static final Support YES = new Support(Kind.YES, "");
    /** A definite no, with no reason. */
    public static final Support NO = new Support(Kind.NO, "");

    /** No definite answer, for {@code reason} (printed in parentheses after {@code unknown}). */
    public static Support unknown(String reason) {
        return new Support(Kind.UNKNOWN, reason);
    }

    /** Whether the answer is yes or no rather than unknown. */
    public boolean definite() {
        return kind != Kind.UNKNOWN;
    }

    /** {@code yes}, {@code no} or {@code unknown (REASON)}, as docs/CLI.md prints it. */
    @Override
    public String toString() {
        switch (kind) {
            case YES: return "yes";
            case NO: return "no";
            default: return "unknown (" + reason + ")";
        }
    }
}
