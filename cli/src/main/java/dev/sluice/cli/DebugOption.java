package dev.sluice.cli;

import picocli.CommandLine.Option;

/** {@code --debug}, shared by the commands: Main prints the stack trace of an internal error when it is given. */
final class DebugOption {
    @Option(names = "--debug", description = "print stack traces of internal errors")
    boolean debug;
}
