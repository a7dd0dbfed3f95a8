package dev.sluice.cli;

/** A user-facing failure: one line on stderr and an exit code of CLI.md, never a stack trace. */
final class CliFailure extends RuntimeException {
    private final int exitCode;

    CliFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
