package dev.sluice.cli;

import dev.sluice.runtime.AppliedRules;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/** {@code sluice remove NAME | --all}: detaches and unpins applied rules; nothing of them stays in the kernel or on bpffs. */
final class RemoveCommand implements Callable<Integer> {
    String name;
    boolean all;
    CommandSpec spec;

    CommandSpec model() {
        spec = CommandModel.of("remove", this, "Detaches and unpins applied rules: nothing of NAME is left in the kernel or in bpffs.")
                .positional("NAME", "0", "0..1", String.class, "the applied rules to remove", (String v) -> name = v)
                .option(OptionSpec.builder("--all").type(boolean.class).description("remove every applied NAME"), (Boolean v) -> all = v)
                .debugOption(v -> { })
                .spec();
        return spec;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (all == (name != null)) throw new ParameterException(spec.commandLine(), "give either NAME or --all");
        List<String> names = all ? AppliedRules.names(AppliedRoot.path()) : List.of(AppliedName.argument(name, spec.commandLine()));
        for (String n : names) {
            boolean removed = AppliedRules.remove(AppliedRoot.path(), n);
            if (!removed && !all) throw AppliedName.notApplied(n, spec.commandLine());
            err.println("sluice: removed " + n);
        }
        return ExitCodes.OK;
    }
}
