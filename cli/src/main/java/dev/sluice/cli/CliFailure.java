package dev.sluice.cli;

/** A user-facing failure: one line on stderr and an exit code of docs/CLI.md, never a stack trace. */
final class CliFailure extends RuntimeException {
    private final int exitCode;
    private final boolean rendered;

    CliFailure(int exitCode, String message) {
        this(exitCode, message, false);
    }

    private CliFailure(int exitCode, String message, boolean rendered) {
        super(message, null, false, false);
        this.exitCode = exitCode;
        this.rendered = rendered;
    }

    /** Diagnostics already in their final form (file:line:col: message, source line, caret), printed as they are. */
    static CliFailure rendered(int exitCode, String text) {
        return new CliFailure(exitCode, text, true);
    }

    /** What goes to stderr. */
    String text() {
        return rendered ? getMessage().stripTrailing() : "sluice: " + getMessage();
    }

    int exitCode() {
        return exitCode;
    }
}
