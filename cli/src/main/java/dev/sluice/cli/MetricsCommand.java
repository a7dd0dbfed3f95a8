package dev.sluice.cli;

import dev.sluice.cli.metrics.ListenAddress;
import dev.sluice.cli.metrics.MetricsEndpoint;
import dev.sluice.cli.metrics.ProgramReadings;
import dev.sluice.runtime.AppliedRules;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code sluice metrics --listen ADDR:PORT [--netns NS] [NAME...]}: the counters, sums and histograms
 * of applied rules (all of them, or the NAMEs given) in the Prometheus text format, read from their
 * pinned maps at each scrape, until SIGINT or SIGTERM. The {@code program} label is {@code NAME/PROGRAM}.
 */
final class MetricsCommand implements Callable<Integer> {
    String listen;
    String netns;
    List<String> names;
    CommandSpec spec;

    CommandSpec model() {
        spec = CommandModel.of("metrics", this, "Serves the counters, sums and histograms of applied rules at http://ADDR:PORT/metrics "
                        + "(Prometheus text format) until Ctrl-C or SIGTERM.")
                .rest("NAME", "0", "the applied rules to serve (default: every applied NAME, as they come and go)", () -> names, v -> names = v)
                .option(OptionSpec.builder("--listen").paramLabel("ADDR:PORT").type(String.class).required(true)
                        .description("the numeric address and port to listen on"), (String v) -> listen = v)
                .option(OptionSpec.builder("--netns").paramLabel("NS").type(String.class)
                        .description("listen inside network namespace NS (ip netns); the pins are read from the host's bpffs"),
                        (String v) -> netns = v)
                .debugOption(v -> { })
                .spec();
        return spec;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        InetSocketAddress address;
        try {
            address = ListenAddress.parse(listen);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--listen: " + e.getMessage());
        }
        AttachOptions.requireNamespace(netns, spec.commandLine());
        List<String> chosen = new ArrayList<>();
        for (String n : names == null ? List.<String>of() : names) {
            String name = AppliedName.argument(n, spec.commandLine());
            if (!AppliedRules.names(AppliedRoot.path()).contains(name)) throw AppliedName.notApplied(name, spec.commandLine());
            chosen.add(name);
        }
        try (StopSignal stop = StopSignal.install();
             HeldStatistics statistics = HeldStatistics.enable(err);
             MetricsEndpoint endpoint = start(address, () -> readings(chosen))) {
            err.println("sluice: metrics at " + endpoint.url());
            err.flush();
            while (!stop.requested()) stop.await(1000);
        }
        return ExitCodes.OK;
    }

    private MetricsEndpoint start(InetSocketAddress address, java.util.function.Supplier<List<ProgramReadings>> source) {
        try {
            return MetricsEndpoint.start(address, Optional.ofNullable(netns), source);
        } catch (UncheckedIOException e) {
            throw new CliFailure(ExitCodes.USAGE, "--listen: " + e.getMessage());
        }
    }

    /** Every chosen NAME that is applied at this moment (all when none were named). */
    private static List<ProgramReadings> readings(List<String> chosen) {
        List<ProgramReadings> out = new ArrayList<>();
        for (String name : chosen.isEmpty() ? AppliedRules.names(AppliedRoot.path()) : chosen) {
            // Removed between the listing and the read: left out of this scrape.
            Optional<StatusCommand.Status> status = StatusCommand.read(name);
            if (status.isEmpty()) continue;
            for (StatusCommand.ProgramStatus p : status.get().programs()) {
                out.add(ProgramReadings.of(name + "/" + p.name(), p.compiled().image(), p.counters(),
                        Optional.of(new ProgramReadings.RunTotals(p.info().runCount(), p.info().runTimeNs()))));
            }
        }
        return out;
    }
}
