package dev.sluice.testing;

/**
 * One frame run in the interpreter and in the kernel. They agree when both gave the same verdict, or
 * when the kernel refused the frame (its test run takes only frames a network device could hand it,
 * so there is nothing to compare).
 */
public record Comparison(Frame frame, RunOutcome interpreter, RunOutcome kernel) {
    /** Whether the two agree, as the class comment says. */
    public boolean agrees() {
        if (kernel instanceof RunOutcome.Refused) return true;
        return interpreter instanceof RunOutcome.Ran i && kernel instanceof RunOutcome.Ran k && i.verdict().equals(k.verdict());
    }

    /** The frame (summary and hex) and both outcomes, for an assertion message or a report. */
    public String describe() {
        return "frame " + frame.summary() + "\n  hex " + frame.hex() + "\n  interpreter: " + interpreter.describe()
                + "\n  kernel:      " + kernel.describe();
    }
}
