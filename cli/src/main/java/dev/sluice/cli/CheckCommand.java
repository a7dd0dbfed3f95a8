package dev.sluice.cli;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.runtime.Kernel;
import dev.sluice.runtime.KernelException;
import dev.sluice.runtime.LoadedProgram;
import dev.sluice.runtime.PermissionException;
import dev.sluice.runtime.VerifierException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code sluice check FILE [--format table|json]}: each program through the kernel verifier, not attached. */
final class CheckCommand implements Callable<Integer> {
    enum Format { table, json }

    Path file;
    String filter;
    String hook;
    String action;
    Format format;
    boolean log;
    boolean debug;
    CommandSpec spec;

    /** The command line of this command, bound to its fields. */
    CommandSpec model() {
        spec = CommandModel.of("check", this, "Compiles the rules and loads each program into the kernel verifier without attaching it.")
                .rulesFileOrFilter(v -> file = v, v -> filter = v, v -> hook = v, v -> action = v)
                .option(OptionSpec.builder("--format").paramLabel("<format>").type(Format.class).defaultValue("table")
                        .description("table or json (default: ${DEFAULT-VALUE})"), (Format v) -> format = v)
                .option(OptionSpec.builder("--log").type(boolean.class).description("print the whole verifier log of a rejected program"),
                        (Boolean v) -> log = v)
                .debugOption(v -> debug = v)
                .spec();
        return spec;
    }

    record Outcome(CompiledProgram program, int verified, VerifierException rejection) {}

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        CompiledRules rules = CompiledRules.of(RulesInput.of(java.util.Optional.ofNullable(file), java.util.Optional.ofNullable(filter), hook, action), err);
        List<Outcome> outcomes = new ArrayList<>();
        for (CompiledProgram p : rules.programs()) {
            try (LoadedProgram loaded = Kernel.load(p)) {
                outcomes.add(new Outcome(p, loaded.program().info().verifiedInstructions(), null));
            } catch (VerifierException e) {
                outcomes.add(new Outcome(p, 0, e));
            } catch (PermissionException e) {
                throw new CliFailure(ExitCodes.KERNEL_REFUSED, e.getMessage());
            } catch (KernelException e) {
                throw new CliFailure(ExitCodes.KERNEL_REFUSED, p.name() + ": " + e.getMessage());
            }
        }
        System.out.print(format == Format.json ? json(outcomes) : table(outcomes));
        System.out.flush();
        boolean rejected = false;
        for (Outcome o : outcomes) {
            if (o.rejection() == null) continue;
            rejected = true;
            err.println(source(o) + ": " + o.program().name() + ": the kernel verifier rejected it: " + o.rejection().reason());
            if (log) {
                err.print(o.rejection().log());
            } else {
                for (String line : o.rejection().relevantLines(6)) err.println("  " + line);
                err.println("  (--log prints the whole verifier log)");
            }
        }
        err.flush();
        return rejected ? ExitCodes.KERNEL_REFUSED : ExitCodes.OK;
    }

    /**
     * Where the rejected code comes from: the rule whose code holds the instruction the verifier
     * failed on, else the program's position in the script or the Java line that built it.
     */
    private static String source(Outcome o) {
        CompiledProgram p = o.program();
        if (o.rejection() != null && o.rejection().instruction().isPresent()) {
            var rule = p.image().sourceOfSlot(o.rejection().instruction().getAsInt());
            if (rule.isPresent()) return rule.get().toString();
        }
        return p.source().location().toString();
    }

    static String table(List<Outcome> outcomes) {
        int width = Math.max(7, outcomes.stream().mapToInt(o -> o.program().name().length()).max().orElse(0));
        StringBuilder out = new StringBuilder(String.format("%-" + width + "s  %-14s %6s %9s  %s%n", "program", "hook", "insns", "verified", "result"));
        for (Outcome o : outcomes) {
            out.append(String.format("%-" + width + "s  %-14s %6d %9s  %s%n", o.program().name(), o.program().hook().kind(),
                    o.program().slots(), o.rejection() == null ? Integer.toString(o.verified()) : "-",
                    o.rejection() == null ? "accepted" : "rejected: " + o.rejection().reason()));
        }
        return out.toString();
    }

    static String json(List<Outcome> outcomes) {
        StringBuilder out = new StringBuilder();
        for (Outcome o : outcomes) {
            out.append("{\"program\":").append(Json.string(o.program().name()))
                    .append(",\"insns\":").append(o.program().slots())
                    .append(",\"verified\":").append(o.verified())
                    .append(",\"accepted\":").append(o.rejection() == null);
            if (o.rejection() != null) {
                out.append(",\"error\":").append(Json.string(o.rejection().reason()))
                        .append(",\"source\":").append(Json.string(source(o)));
            }
            out.append("}\n");
        }
        return out.toString();
    }
}
