package dev.sluice.runtime.probe;

/** A probe's answer: a definite yes or no, or unknown with the reason. */
public record Support(Kind kind, String reason) {
    public enum Kind { YES, NO, UNKNOWN }

    public static final Support YES = new Support(Kind.YES, "");
    public static final Support NO = new Support(Kind.NO, "");

    public static Support unknown(String reason) {
        return new Support(Kind.UNKNOWN, reason);
    }

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
