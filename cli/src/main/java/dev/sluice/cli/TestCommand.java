package dev.sluice.cli;

import dev.sluice.compiler.hooks.Target;
import dev.sluice.cli.pcap.Capture;
import dev.sluice.cli.pcap.PcapFormatException;
import dev.sluice.cli.view.CounterView;
import dev.sluice.cli.view.PacketSummary;
import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.CounterValue;
import dev.sluice.compiler.InterpretedProgram;
import dev.sluice.compiler.Verdicts;
import dev.sluice.runtime.BpfException;
import dev.sluice.runtime.KernelException;
import dev.sluice.runtime.Kernel;
import dev.sluice.runtime.LoadedProgram;
import dev.sluice.runtime.TestRunRequest;
import dev.sluice.runtime.TestRunLimits;
import dev.sluice.runtime.TestRunResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code sluice test FILE --pcap IN.pcap [--kernel [--repeat N]] [--format table|jsonl]}: every packet
 * program on every packet, in the interpreter or through BPF_PROG_TEST_RUN, then the counters.
 */
final class TestCommand implements Callable<Integer> {
    enum Format { table, jsonl }

    Path file;
    String filter;
    String hook;
    String action;
    Path pcap;
    boolean kernel;
    Integer repeat;
    Format format;
    boolean debug;
    CommandSpec spec;

    /** The command line of this command, bound to its fields. */
    CommandSpec model() {
        spec = CommandModel.of("test", this, "Runs every packet program on every packet of a capture and prints the verdicts and counters.")
                .rulesFileOrFilter(v -> file = v, v -> filter = v, v -> hook = v, v -> action = v)
                .option(OptionSpec.builder("--pcap").required(true).paramLabel("IN.pcap").type(Path.class)
                        .description("a classic pcap capture with Ethernet frames"), (Path v) -> pcap = v)
                .option(OptionSpec.builder("--kernel").type(boolean.class)
                        .description("run in the kernel (BPF_PROG_TEST_RUN) instead of the interpreter; needs root"), (Boolean v) -> kernel = v)
                .option(OptionSpec.builder("--repeat").paramLabel("N").type(Integer.class)
                        .description("with --kernel: run each packet N times and print the cost per run"), (Integer v) -> repeat = v)
                .option(OptionSpec.builder("--format").paramLabel("<format>").type(Format.class).defaultValue("table")
                        .description("table or jsonl (default: ${DEFAULT-VALUE})"), (Format v) -> format = v)
                .debugOption(v -> debug = v)
                .spec();
        return spec;
    }

    /** One program's verdict on one packet: a verdict name, or an error (only the kernel refuses packets). */
    record Result(String verdict, String error, Double ns) {}

    /** A back end: runs packets through one program. */
    interface Runner extends AutoCloseable {
        Result run(byte[] frame);

        List<CounterValue> counters();

        @Override
        void close();
    }

    @Override
    public Integer call() {
        if (repeat != null && !kernel) throw new ParameterException(spec.commandLine(), "--repeat needs --kernel");
        if (repeat != null && repeat < 1) throw new ParameterException(spec.commandLine(), "--repeat must be at least 1");
        PrintWriter err = spec.commandLine().getErr();
        Capture capture = capture();
        CompiledRules rules = CompiledRules.of(RulesInput.of(java.util.Optional.ofNullable(file), java.util.Optional.ofNullable(filter), hook,
                filter == null ? action : "pass"), err);
        List<CompiledProgram> programs = rules.programs().stream()
                .filter(p -> Target.of(p.hook()) != Target.CGROUP_DEVICE).toList();
        List<Runner> runners = new ArrayList<>();
        try {
            for (CompiledProgram p : programs) runners.add(kernel ? kernelRunner(p) : interpreterRunner(p));
            StringBuilder out = new StringBuilder();
            if (format == Format.table) out.append(tableHeader(programs));
            for (int i = 0; i < capture.packets().size(); i++) {
                byte[] frame = capture.packets().get(i).data();
                List<Result> results = new ArrayList<>();
                for (Runner r : runners) results.add(r.run(frame));
                if (format == Format.jsonl) {
                    for (int p = 0; p < programs.size(); p++) out.append(jsonLine(i + 1, programs.get(p).name(), results.get(p)));
                } else {
                    out.append(tableLine(i + 1, frame, results));
                    for (int p = 0; p < programs.size(); p++) {
                        if (results.get(p).error() != null) out.append(String.format("%8s%s: %s%n", "", programs.get(p).name(), results.get(p).error()));
                    }
                }
            }
            if (format == Format.table) {
                out.append('\n');
                List<CounterView.ProgramCounters> counters = new ArrayList<>();
                for (int p = 0; p < programs.size(); p++) counters.add(new CounterView.ProgramCounters(programs.get(p), runners.get(p).counters()));
                out.append(CounterView.render(counters));
            } else {
                for (int p = 0; p < programs.size(); p++) {
                    for (CounterValue c : runners.get(p).counters()) out.append(counterJson(programs.get(p).name(), c));
                }
            }
            System.out.print(out);
            System.out.flush();
            if (capture.cut().isPresent()) {
                // As tcpdump does: every whole packet counts, then the cut record is named and the input is bad.
                err.println("sluice: " + pcap + ": " + capture.cut().get().describe() + "; the packets before it were run");
                err.flush();
                return ExitCodes.BAD_INPUT;
            }
            return ExitCodes.OK;
        } finally {
            for (Runner r : runners) r.close();
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

    private static Runner interpreterRunner(CompiledProgram p) {
        InterpretedProgram program = p.interpreter();
        return new Runner() {
            public Result run(byte[] frame) {
                return new Result(Verdicts.name(program.run(frame)), null, null);
            }

            public List<CounterValue> counters() {
                return program.counters();
            }

            public void close() {}
        };
    }

    private Runner kernelRunner(CompiledProgram p) {
        LoadedProgram loaded;
        try {
            loaded = Kernel.load(p);
        } catch (KernelException e) {
            throw new CliFailure(ExitCodes.KERNEL_REFUSED, KernelRefusal.message(p, e));
        }
        int times = repeat == null ? 1 : repeat;
        return new Runner() {
            public Result run(byte[] frame) {
                java.util.Optional<String> refusal = TestRunLimits.refusal(loaded.program().type(), frame);
                if (refusal.isPresent()) return new Result("error", refusal.get(), null);
                long start = System.nanoTime();
                TestRunResult r;
                try {
                    r = loaded.program().testRun(TestRunRequest.of(frame).repeat(times));
                } catch (BpfException e) {
                    return new Result("error", e.getMessage(), null);
                }
                long elapsed = System.nanoTime() - start;
                return new Result(Verdicts.name(loaded.verdictOf(r)), null, repeat == null ? null : (double) elapsed / times);
            }

            public List<CounterValue> counters() {
                return loaded.counters();
            }

            public void close() {
                loaded.close();
            }
        };
    }

    static String jsonLine(int packet, String program, Result r) {
        StringBuilder out = new StringBuilder("{\"packet\":").append(packet).append(",\"program\":").append(Json.string(program))
                .append(",\"verdict\":").append(Json.string(r.verdict()));
        if (r.error() != null) out.append(",\"error\":").append(Json.string(r.error()));
        if (r.ns() != null) out.append(",\"ns\":").append(String.format(Locale.ROOT, "%.2f", r.ns()));
        return out.append("}\n").toString();
    }

    static String counterJson(String program, CounterValue c) {
        StringBuilder out = new StringBuilder("{\"counter\":").append(Json.string(c.name()))
                .append(",\"program\":").append(Json.string(program));
        c.key().ifPresent(k -> out.append(",\"key\":").append(keyJson(k)));
        return out.append(",\"value\":").append(Long.toUnsignedString(c.value())).append("}\n").toString();
    }

    /** A number for integers, a string for addresses and MACs, an array for tuples (docs/LANGUAGE.md, "Test output"). */
    private static String keyJson(List<Object> key) {
        if (key.size() == 1) return valueJson(key.get(0));
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < key.size(); i++) out.append(i > 0 ? "," : "").append(valueJson(key.get(i)));
        return out.append(']').toString();
    }

    private static String valueJson(Object v) {
        return v instanceof Long l ? Long.toUnsignedString(l) : Json.string(v.toString());
    }

    private static String tableHeader(List<CompiledProgram> programs) {
        StringBuilder out = new StringBuilder(String.format("%6s  ", "packet"));
        for (CompiledProgram p : programs) out.append(String.format("%-14s ", p.name()));
        return out.append("summary\n").toString();
    }

    private static String tableLine(int packet, byte[] frame, List<Result> results) {
        StringBuilder out = new StringBuilder(String.format("%6d  ", packet));
        for (Result r : results) {
            String cell = r.verdict() + (r.ns() == null ? "" : String.format(Locale.ROOT, " %.1fns", r.ns()));
            out.append(String.format("%-14s ", cell));
        }
        return out.append(PacketSummary.of(frame)).append('\n').toString();
    }
}
