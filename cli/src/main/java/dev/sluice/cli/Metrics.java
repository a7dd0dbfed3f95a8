package dev.sluice.cli;

import dev.sluice.cli.metrics.MetricsEndpoint;
import dev.sluice.cli.metrics.ProgramReadings;
import dev.sluice.runtime.LoadedProgram;
import dev.sluice.runtime.ProgramInfo;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The metrics endpoint of {@code sluice run --metrics}, and the kernel's run statistics it reports,
 * both on while it is open. Without {@code --metrics} it holds nothing. It listens before any program
 * is loaded, so an address that is taken changes nothing in the kernel.
 */
final class Metrics implements AutoCloseable {
    private final Optional<MetricsEndpoint> endpoint;
    private final Optional<HeldStatistics> statistics;
    private boolean closed;

    private Metrics(Optional<MetricsEndpoint> endpoint, Optional<HeldStatistics> statistics) {
        this.endpoint = endpoint;
        this.statistics = statistics;
    }

    /** Serves what {@code session} runs at {@code address}; nothing when the address is null. */
    static Metrics serve(InetSocketAddress address, RunSession session, PrintWriter err) {
        if (address == null) return new Metrics(Optional.empty(), Optional.empty());
        MetricsEndpoint endpoint;
        try {
            endpoint = MetricsEndpoint.start(address, () -> readings(session));
        } catch (UncheckedIOException e) {
            throw new CliFailure(ExitCodes.USAGE, "--metrics: " + e.getMessage());
        }
        return new Metrics(Optional.of(endpoint), Optional.of(HeldStatistics.enable(err)));
    }

    /** One line saying where the metrics are, when they are served. */
    void announce(PrintWriter err) {
        endpoint.ifPresent(e -> err.println("sluice: metrics at " + e.url()));
    }

    private static List<ProgramReadings> readings(RunSession session) {
        List<ProgramReadings> out = new ArrayList<>();
        // A reload of run --watch closes the programs it replaces under the same lock: a scrape never reads a closed descriptor.
        synchronized (session) {
            for (RunSession.Running r : session.running()) {
                LoadedProgram p = r.program();
                ProgramInfo info = p.program().info();
                out.add(ProgramReadings.of(p.compiled().name(), p.image(), p.counters(),
                        Optional.of(new ProgramReadings.RunTotals(info.runCount(), info.runTimeNs()))));
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        endpoint.ifPresent(MetricsEndpoint::close);
        statistics.ifPresent(HeldStatistics::close);
    }
}
