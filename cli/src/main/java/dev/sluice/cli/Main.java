package dev.sluice.cli;

import picocli.CommandLine;

/** {@code sluice}: the command line. Exit codes follow docs/CLI.md (0 ok, 1 script, 2 usage, 3 kernel, 4 input). */
public final class Main implements Runnable {
    /**
     * The commands, in the order help lists them. Only the one being run is built when it is named:
     * building a command's model is a good part of a cold start.
     */
    private static final java.util.Map<String, java.util.function.Supplier<CommandLine.Model.CommandSpec>> COMMANDS =
            new java.util.LinkedHashMap<>();

    static {
        COMMANDS.put("compile", () -> new CompileCommand().model());
        COMMANDS.put("check", () -> new CheckCommand().model());
        COMMANDS.put("test", () -> new TestCommand().model());
        COMMANDS.put("run", () -> new RunCommand().model());
        COMMANDS.put("apply", () -> new ApplyCommand().model());
        COMMANDS.put("status", () -> new StatusCommand().model());
        COMMANDS.put("set", () -> new SetCommand().model());
        COMMANDS.put("remove", () -> new RemoveCommand().model());
        COMMANDS.put("metrics", () -> new MetricsCommand().model());
        COMMANDS.put("probe", () -> new ProbeCommand().model());
        COMMANDS.put("disasm", () -> new DisasmCommand().model());
        COMMANDS.put("classpath", () -> new ClasspathCommand().model());
    }

    private CommandLine.Model.CommandSpec spec;

    private CommandLine.Model.CommandSpec model() {
        spec = CommandModel.of("sluice", this, "Compiles packet filter and trace rules to eBPF, without clang or LLVM.").spec();
        return spec;
    }

    public static void main(String[] args) {
        int code = run(args);
        // Runtime.exit logs itself through System.Logger (JDK 21+), whose first use looks for a
        // LoggerFinder service on the class path: it opens and indexes the whole jar, several ms
        // of every cold start (docs/PERFORMANCE-STARTUP.md, "Start-up"). A success with no thread of ours
        // left running ends by returning instead, which runs the same shutdown hooks.
        if (code == 0 && Thread.activeCount() == 1) return;
        System.exit(code);
    }

    /** Runs the command line and returns its exit code; tests call this instead of main. */
    public static int run(String... args) {
        // picocli registers converters for java.time and java.sql types by reflection, initializing
        // those classes (DateTimeFormatter among them) on every start; no option of ours has such a type.
        if (System.getProperty("picocli.converters.excludes") == null) {
            System.setProperty("picocli.converters.excludes", "java\\.time\\..*|java\\.sql\\..*");
        }
        // picocli looks for Groovy's Closure class on first use; on our class path that search opens
        // and indexes the whole jar (5,000 entries) only to fail.
        if (System.getProperty("picocli.disable.closures") == null) System.setProperty("picocli.disable.closures", "true");
        String first = args.length > 0 ? args[0] : "";
        // run loads programs: the native layer's cold start goes to a second thread now, while picocli,
        // the parser and the compiler work on this one.
        if (first.equals("run")) RunPreparation.startNativeLayer();
        CommandLine cli = new CommandLine(new Main().model());
        if (COMMANDS.containsKey(first)) {
            cli.addSubcommand(first, COMMANDS.get(first).get());
        } else {
            COMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
        }
        // picocli converts a Path by calling Paths.get reflectively, and a cold Method.invoke spins
        // method-handle classes no class cache holds: about 10 ms of every start.
        cli.registerConverter(java.nio.file.Path.class, java.nio.file.Path::of);
        cli.setExitCodeExceptionMapper(Main::exitCode);
        // Every usage error, picocli's own and those commands throw, as picocli prints it but with the
        // first line starting `sluice:` like every other error.
        cli.setParameterExceptionHandler((e, arguments) -> {
            CommandLine command = e.getCommandLine();
            command.getErr().println("sluice: " + e.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, command.getErr())) {
                command.usage(command.getErr(), command.getColorScheme());
            }
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e, commandLine.getErr(), debug(parseResult)));
        return cli.execute(args);
    }

    /**
     * What a command's exception becomes: its one line and exit code when it is a known failure
     * (the kernel refusing, bad input), else an internal error (exit 70), which only a Sluice bug
     * produces.
     */
    static int report(Exception e, java.io.PrintWriter err, boolean debug) {
        if (e instanceof CliFailure f) {
            err.println(f.text());
            return f.exitCode();
        }
        java.util.Optional<CliFailure> known = KnownFailure.of(e);
        if (known.isPresent()) {
            if (debug) e.printStackTrace(err);
            err.println(known.get().text());
            return known.get().exitCode();
        }
        err.println("sluice: internal error: " + e);
        if (debug) e.printStackTrace(err);
        else err.println("sluice: run again with --debug for the stack trace");
        return ExitCodes.INTERNAL;
    }

    /** The exit code picocli reports for {@code t}: the same as {@link #report} gives, without printing. */
    static int exitCode(Throwable t) {
        if (t instanceof CommandLine.ParameterException) return ExitCodes.USAGE;
        return KnownFailure.of(t).map(CliFailure::exitCode).orElse(ExitCodes.INTERNAL);
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
