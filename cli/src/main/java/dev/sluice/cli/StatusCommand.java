package dev.sluice.cli;

import dev.sluice.cli.view.CounterView;
import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.CounterValue;
import dev.sluice.runtime.AppliedRecord;
import dev.sluice.runtime.AppliedRules;
import dev.sluice.runtime.LoadedProgram;
import dev.sluice.runtime.ProgramInfo;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code sluice status [NAME] [--format table|json]}: what is applied, each program with its hook,
 * links and kernel id, and its counters, sums and histograms read live from the pinned maps.
 */
final class StatusCommand implements Callable<Integer> {
    String name;
    String format;
    CommandSpec spec;

    /** One program of applied rules as status shows it. */
    record ProgramStatus(String name, String hook, ProgramInfo info, List<String> links, CompiledProgram compiled, List<CounterValue> counters) {}

    /** One applied NAME as status shows it. */
    record Status(String name, AppliedRecord record, List<ProgramStatus> programs) {}

    CommandSpec model() {
        spec = CommandModel.of("status", this, "Lists applied rules: script, programs with hook, links and kernel id, and live counters.")
                .positional("NAME", "0", "0..1", String.class, "only these applied rules", (String v) -> name = v)
                .option(OptionSpec.builder("--format").paramLabel("FORMAT").type(String.class).defaultValue("table")
                        .description("table or json (default: ${DEFAULT-VALUE})"), (String v) -> format = v)
                .debugOption(v -> { })
                .spec();
        return spec;
    }

    @Override
    public Integer call() {
        if (!format.equals("table") && !format.equals("json")) {
            throw new ParameterException(spec.commandLine(), "--format must be table or json, not " + format);
        }
        List<String> names = name == null ? AppliedRules.names(AppliedRoot.path()) : List.of(AppliedName.argument(name, spec.commandLine()));
        List<Status> all = new ArrayList<>();
        for (String n : names) {
            Optional<Status> s = read(n);
            if (s.isEmpty() && name != null) throw AppliedName.notApplied(n, spec.commandLine());
            s.ifPresent(all::add);
        }
        PrintStream out = System.out;
        out.print(format.equals("json") ? json(all) : table(all));
        out.flush();
        return ExitCodes.OK;
    }

    static Optional<Status> read(String name) {
        Optional<AppliedRules> opened = AppliedRules.open(AppliedRoot.path(), name);
        if (opened.isEmpty()) return Optional.empty();
        try (AppliedRules applied = opened.get()) {
            List<ProgramStatus> programs = new ArrayList<>();
            for (CompiledProgram p : AppliedScript.compile(name, applied.record())) {
                LoadedProgram loaded = applied.program(p);
                AppliedRecord.ProgramEntry entry = applied.record().program(p.name()).orElseThrow();
                programs.add(new ProgramStatus(p.name(), entry.hook(), applied.info(p.name()),
                        entry.links().stream().map(AppliedRecord.LinkEntry::description).toList(), p, loaded.counters()));
            }
            return Optional.of(new Status(name, applied.record(), programs));
        }
    }

    static String table(List<Status> all) {
        if (all.isEmpty()) return "nothing is applied\n";
        StringBuilder out = new StringBuilder();
        for (Status s : all) {
            out.append(s.name()).append("  ").append(s.record().scriptPath()).append("  sha256 ").append(s.record().sha256()).append('\n');
            List<CounterView.ProgramCounters> counters = new ArrayList<>();
            for (ProgramStatus p : s.programs()) {
                out.append("  ").append(p.name()).append("  ").append(p.hook()).append("  id ").append(p.info().id());
                for (String link : p.links()) out.append("  ").append(link);
                out.append('\n');
                counters.add(new CounterView.ProgramCounters(p.compiled(), p.counters()));
            }
            String rendered = CounterView.render(counters);
            for (String line : rendered.split("\n")) if (!line.isEmpty()) out.append("    ").append(line).append('\n');
        }
        return out.toString();
    }

    static String json(List<Status> all) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < all.size(); i++) {
            Status s = all.get(i);
            if (i > 0) out.append(',');
            out.append("{\"name\":").append(Json.string(s.name()))
                    .append(",\"script\":").append(Json.string(s.record().scriptPath()))
                    .append(",\"sha256\":").append(Json.string(s.record().sha256()))
                    .append(",\"netns\":").append(s.record().points().netns().map(Json::string).orElse("null"))
                    .append(",\"programs\":[");
            for (int j = 0; j < s.programs().size(); j++) {
                ProgramStatus p = s.programs().get(j);
                if (j > 0) out.append(',');
                out.append("{\"name\":").append(Json.string(p.name())).append(",\"hook\":").append(Json.string(p.hook()))
                        .append(",\"id\":").append(p.info().id()).append(",\"links\":[")
                        .append(String.join(",", p.links().stream().map(Json::string).toList())).append("],\"counters\":[");
                for (int k = 0; k < p.counters().size(); k++) {
                    CounterValue c = p.counters().get(k);
                    if (k > 0) out.append(',');
                    out.append("{\"name\":").append(Json.string(c.name()));
                    c.key().ifPresent(key -> out.append(",\"key\":[").append(String.join(",", key.stream()
                            .map(v -> v instanceof Long ? CounterView.keyPart(v) : Json.string(v.toString())).toList())).append(']'));
                    out.append(",\"value\":").append(Long.toUnsignedString(c.value())).append('}');
                }
                out.append("]}");
            }
            out.append("]}");
        }
        return out.append("]\n").toString();
    }
}
