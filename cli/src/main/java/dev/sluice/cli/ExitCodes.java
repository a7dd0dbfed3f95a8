package dev.sluice.cli;

/** The exit codes of docs/CLI.md. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int SCRIPT_ERROR = 1;
    public static final int USAGE = 2;
    public static final int KERNEL_REFUSED = 3;
    public static final int BAD_INPUT = 4;
    /** {@code test}: an expectation, a property or interpreter/kernel agreement failed. */
    public static final int TEST_FAILED = 5;

    private ExitCodes() {}

    /** Exit code 70 (EX_SOFTWARE) marks a Sluice bug: an exception no command turned into a message. */
    public static final int INTERNAL = 70;
}
