package dev.sluice.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code sluice}: the command line. Exit codes follow CLI.md (0 ok, 1 script, 2 usage, 3 kernel, 4 input). */
@Command(
        name = "sluice",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Compiles packet filter and trace rules to eBPF, without clang or LLVM.",
        subcommands = {CompileCommand.class, CheckCommand.class, TestCommand.class, RunCommand.class, ProbeCommand.class, DisasmCommand.class, ClasspathCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code; tests call this instead of main. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExitCodeExceptionMapper(ExitCodes::of);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CliFailure f) {
                commandLine.getErr().println(f.text());
                return f.exitCode();
            }
            // A user's mistake is reported by the command itself; reaching here is a Sluice bug.
            commandLine.getErr().println("sluice: internal error: " + e);
            if (debug(parseResult)) e.printStackTrace(commandLine.getErr());
            else commandLine.getErr().println("sluice: run again with --debug for the stack trace");
            return ExitCodes.of(e);
        });
        return cli.execute(args);
    }

    private static boolean debug(CommandLine.ParseResult result) {
        for (CommandLine.ParseResult r = result; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--debug")) return true;
        }
        return "1".equals(System.getenv("SLUICE_DEBUG"));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }
}
