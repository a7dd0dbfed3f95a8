package dev.sluice.cli;

import dev.sluice.cli.view.CounterView;
import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.CounterValue;
import dev.sluice.compiler.hooks.Target;
import dev.sluice.testing.Capture;
import dev.sluice.testing.Frame;
import dev.sluice.testing.Frames;
import dev.sluice.testing.PcapFormatException;
import dev.sluice.testing.Shrinking;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code sluice test FILE (--pcap IN.pcap | --fuzz N [--seed S]) [--kernel [--repeat N]] [--format table|jsonl]
 * [--property "PROGRAM: CONDITION => VERDICT"]... [--expect E.jsonl] [--save-failures F.pcap]}: every
 * packet program on every frame, in the interpreter or through BPF_PROG_TEST_RUN, then the counters;
 * then the checks (docs/CLI.md, "Testing rules"), whose failure is exit 5.
 */
final class TestCommand implements Callable<Integer> {
    enum Format { table, jsonl }

    /** Frames drawn and run at a time under --fuzz, so that a long run keeps few frames in memory. */
    private static final int FUZZ_BATCH = 1000;

    Path file;
    String filter;
    String hook;
    String action;
    Path pcap;
    Integer fuzz;
    Long seed;
    boolean kernel;
    Integer repeat;
    Format format;
    List<String> properties;
    Path expect;
    Path saveFailures;
    boolean debug;
    CommandSpec spec;

    /** The command line of this command, bound to its fields. */
    CommandSpec model() {
        spec = CommandModel.of("test", this, "Runs every packet program on every packet of a capture, or on random frames, prints the "
                        + "verdicts and counters, and checks properties of them.")
                .rulesFileOrFilter(v -> file = v, v -> filter = v, v -> hook = v, v -> action = v)
                .option(OptionSpec.builder("--pcap").paramLabel("IN.pcap").type(Path.class)
                        .description("a classic pcap capture with Ethernet frames"), (Path v) -> pcap = v)
                .option(OptionSpec.builder("--fuzz").paramLabel("N").type(Integer.class)
                        .description("instead of --pcap: N random frames, biased toward the rules' constants"), (Integer v) -> fuzz = v)
                .option(OptionSpec.builder("--seed").paramLabel("S").type(Long.class)
                        .description("with --fuzz: the seed (printed when not given)"), (Long v) -> seed = v)
                .option(OptionSpec.builder("--kernel").type(boolean.class)
                        .description("run in the kernel (BPF_PROG_TEST_RUN) instead of the interpreter, and check that the "
                                + "interpreter agrees; needs root"), (Boolean v) -> kernel = v)
                .option(OptionSpec.builder("--repeat").paramLabel("N").type(Integer.class)
                        .description("with --kernel: run each packet N times and print the cost per run"), (Integer v) -> repeat = v)
                .option(OptionSpec.builder("--format").paramLabel("<format>").type(Format.class).defaultValue("table")
                        .description("table or jsonl (default: ${DEFAULT-VALUE})"), (Format v) -> format = v)
                .repeatableList(OptionSpec.builder("--property").paramLabel("\"PROGRAM: CONDITION => VERDICT\"").type(List.class)
                        .auxiliaryTypes(String.class)
                        .description("every frame for which CONDITION holds must get VERDICT from PROGRAM (repeatable)"),
                        () -> properties, (List<String> v) -> properties = v)
                .option(OptionSpec.builder("--expect").paramLabel("E.jsonl").type(Path.class)
                        .description("compare the jsonl output with E, saved from an earlier run"), (Path v) -> expect = v)
                .option(OptionSpec.builder("--save-failures").paramLabel("F.pcap").type(Path.class)
                        .description("write the frames that fail a check to F"), (Path v) -> saveFailures = v)
                .debugOption(v -> debug = v)
                .spec();
        return spec;
    }

    @Override
    public Integer call() {
        List<String> given = properties == null ? List.of() : properties;
        checkUsage(given);
        PrintWriter err = spec.commandLine().getErr();
        Optional<Expectation> expected = expect == null ? Optional.empty() : Optional.of(Expectation.read(expect));
        Optional<Capture> capture = pcap == null ? Optional.empty() : Optional.of(capture());
        CompiledRules rules = CompiledRules.of(RulesInput.of(java.util.Optional.ofNullable(file), java.util.Optional.ofNullable(filter), hook,
                filter == null ? action : "pass"), err);
        List<CompiledProgram> programs = rules.programs().stream()
                .filter(p -> Target.of(p.hook()) != Target.CGROUP_DEVICE).toList();
        List<PropertySpec> specs = new ArrayList<>();
        for (String p : given) {
            try {
                specs.add(PropertySpec.parse(p, programs));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        List<TestRunners.Runner> runners = new ArrayList<>();
        try (FrameChecks checks = new FrameChecks(programs, specs, kernel)) {
            for (CompiledProgram p : programs) runners.add(kernel ? TestRunners.kernel(p, repeat) : TestRunners.interpreter(p));
            Run run = new Run(programs, runners, checks);
            if (capture.isPresent()) {
                for (Capture.Packet packet : capture.get().packets()) run.frame(Frame.of(packet.data()), Optional.empty());
            } else {
                long s = seed != null ? seed : new SecureRandom().nextLong();
                err.println("sluice: fuzzing with --seed " + s);
                err.flush();
                Shrinking draw = Shrinking.draw(Frames.biasedToward(programs.stream().map(CompiledProgram::source).toList()), s);
                for (int done = 0; done < fuzz; done += FUZZ_BATCH) {
                    for (Shrinking.Drawn d : draw.next(Math.min(FUZZ_BATCH, fuzz - done))) run.frame(d.frame(), Optional.of(d));
                }
            }
            run.counters();
            System.out.print(run.out);
            System.out.flush();
            boolean failed = false;
            String report = checks.report(run.packet);
            if (!report.isEmpty()) {
                err.print(report);
                failed = true;
            }
            if (expected.isPresent()) {
                String diff = expected.get().diff(run.jsonl);
                err.print(diff);
                failed |= !diff.isEmpty();
            }
            err.flush();
            if (saveFailures != null) OutputFile.write(saveFailures, Capture.of(checks.failureFrames()).write());
            if (capture.isPresent() && capture.get().cut().isPresent()) {
                // As tcpdump does: every whole packet counts, then the cut record is named and the input is bad.
                err.println("sluice: " + pcap + ": " + capture.get().cut().get().describe() + "; the packets before it were run");
                err.flush();
                return ExitCodes.BAD_INPUT;
            }
            return failed ? ExitCodes.TEST_FAILED : ExitCodes.OK;
        } finally {
            for (TestRunners.Runner r : runners) r.close();
        }
    }

    private void checkUsage(List<String> given) {
        if (pcap == null && fuzz == null) throw new ParameterException(spec.commandLine(), "one of --pcap IN.pcap or --fuzz N is required");
        if (pcap != null && fuzz != null) throw new ParameterException(spec.commandLine(), "--pcap and --fuzz cannot be combined");
        if (fuzz != null && fuzz < 1) throw new ParameterException(spec.commandLine(), "--fuzz must be at least 1");
        if (seed != null && fuzz == null) throw new ParameterException(spec.commandLine(), "--seed needs --fuzz");
        if (repeat != null && !kernel) throw new ParameterException(spec.commandLine(), "--repeat needs --kernel");
        if (repeat != null && repeat < 1) throw new ParameterException(spec.commandLine(), "--repeat must be at least 1");
        if (saveFailures != null && given.isEmpty() && !kernel) {
            throw new ParameterException(spec.commandLine(), "--save-failures needs --property or --kernel: nothing else fails a frame");
        }
    }

    /** One run over the frames: the printed lines, the jsonl lines for --expect, and the checks. */
    private final class Run {
        final List<CompiledProgram> programs;
        final List<TestRunners.Runner> runners;
        final FrameChecks checks;
        final StringBuilder out = new StringBuilder();
        final List<String> jsonl = new ArrayList<>();
        int packet;

        Run(List<CompiledProgram> programs, List<TestRunners.Runner> runners, FrameChecks checks) {
            this.programs = programs;
            this.runners = runners;
            this.checks = checks;
            if (format == Format.table) out.append(TestOutput.tableHeader(programs));
        }

        void frame(Frame frame, Optional<Shrinking.Drawn> drawn) {
            packet++;
            byte[] bytes = frame.bytes();
            List<TestRunners.Result> results = new ArrayList<>();
            for (TestRunners.Runner r : runners) results.add(r.run(bytes));
            for (int p = 0; p < programs.size(); p++) {
                String line = TestOutput.jsonLine(packet, programs.get(p).name(), results.get(p));
                jsonl.add(line.substring(0, line.length() - 1));
                if (format == Format.jsonl) out.append(line);
            }
            if (format == Format.table) {
                out.append(TestOutput.tableLine(packet, bytes, results));
                for (int p = 0; p < programs.size(); p++) {
                    if (results.get(p).error() != null) out.append(String.format("%8s%s: %s%n", "", programs.get(p).name(), results.get(p).error()));
                }
            }
            if (checks.active()) checks.check(packet, frame, results.stream().map(TestRunners.Result::verdict).toList(), drawn);
        }

        void counters() {
            List<CounterView.ProgramCounters> all = new ArrayList<>();
            for (int p = 0; p < programs.size(); p++) {
                List<CounterValue> values = runners.get(p).counters();
                all.add(new CounterView.ProgramCounters(programs.get(p), values));
                for (CounterValue c : values) {
                    String line = TestOutput.counterJson(programs.get(p).name(), c);
                    jsonl.add(line.substring(0, line.length() - 1));
                    if (format == Format.jsonl) out.append(line);
                }
            }
            if (format == Format.table) out.append('\n').append(CounterView.render(all));
        }
    }

    private Capture capture() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(pcap);
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.BAD_INPUT, pcap + ": cannot read: " + Messages.of(e));
        }
        try {
            return Capture.read(bytes);
        } catch (PcapFormatException e) {
            throw new CliFailure(ExitCodes.BAD_INPUT, pcap + ": " + e.getMessage());
        }
    }
}
