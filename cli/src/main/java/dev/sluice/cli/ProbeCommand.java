package dev.sluice.cli;

import dev.sluice.runtime.PermissionException;
import dev.sluice.runtime.probe.FeatureProbe;
import dev.sluice.runtime.probe.Features;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sluice probe}: what this kernel supports, like {@code bpftool feature probe}. */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Lists the program types, map types, attach kinds and helpers this kernel supports.")
final class ProbeCommand implements Callable<Integer> {
    enum Format { table, json }

    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE})")
    Format format;

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
        if (!"yes".equals(String.valueOf(features.programTypes().get("socket_filter")))) {
            throw new CliFailure(ExitCodes.KERNEL_REFUSED, "bpf() is not usable here (no program type loads; "
                    + "socket_filter: " + features.programTypes().get("socket_filter") + "); run as root");
        }
        System.out.println(format == Format.json ? features.toJson() : features.toTable());
        return ExitCodes.OK;
    }
}
