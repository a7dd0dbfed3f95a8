package dev.sluice.cli;

import dev.sluice.runtime.PermissionException;
import dev.sluice.runtime.probe.FeatureProbe;
import dev.sluice.runtime.probe.Features;
import dev.sluice.runtime.probe.Support;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.OptionSpec;

/** {@code sluice probe}: what this kernel supports, like {@code bpftool feature probe}. */
final class ProbeCommand implements Callable<Integer> {
    enum Format { table, json }

    Format format;

    /** The command line of this command, bound to its fields. */
    picocli.CommandLine.Model.CommandSpec model() {
        return CommandModel.of("probe", this, "Lists the program types, map types, attach kinds and helpers this kernel supports.")
                .option(OptionSpec.builder("--format").paramLabel("<format>").type(Format.class).defaultValue("table")
                        .description("table or json (default: ${DEFAULT-VALUE})"), (Format v) -> format = v)
                .spec();
    }

    @Override
    public Integer call() {
        Features features;
        try {
            features = FeatureProbe.probe();
        } catch (PermissionException e) {
            throw new CliFailure(ExitCodes.KERNEL_REFUSED, e.getMessage());
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new CliFailure(ExitCodes.KERNEL_REFUSED, "cannot call bpf() here: " + e.getMessage());
        }
        Support socketFilter = features.programTypes().get("socket_filter");
        if (socketFilter.kind() != Support.Kind.YES) {
            // EPERM: every probe was refused for want of a capability, so none of the answers means anything.
            if (socketFilter.reason().equals("EPERM")) {
                throw new CliFailure(ExitCodes.KERNEL_REFUSED, "probing the kernel needs CAP_BPF (or CAP_SYS_ADMIN); run as root or grant it");
            }
            throw new CliFailure(ExitCodes.KERNEL_REFUSED, "bpf() is not usable here (no program type loads; "
                    + "socket_filter: " + socketFilter + "); run as root");
        }
        System.out.println(format == Format.json ? features.toJson() : features.toTable());
        return ExitCodes.OK;
    }
}
