package dev.sluice.cli;

import dev.sluice.compiler.hooks.Target;
import dev.sluice.cli.metrics.ListenAddress;
import dev.sluice.cli.view.CounterView;
import dev.sluice.compiler.CompiledProgram;
import dev.sluice.runtime.AttachPoints;
import dev.sluice.runtime.Interfaces;
import dev.sluice.runtime.KernelException;
import dev.sluice.runtime.Kernel;
import dev.sluice.runtime.Link;
import dev.sluice.runtime.LoadedProgram;
import dev.sluice.runtime.NetworkNamespace;
import dev.sluice.runtime.PacketSocket;
import dev.sluice.runtime.ProbeEvent;
import dev.sluice.runtime.XdpMode;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code sluice run FILE [--iface IF] [--mode generic|native|offload] [--interval S] [--duration S] [--watch]}:
 * every program loaded and attached, counters and printed events shown live, everything detached on
 * Ctrl-C, SIGTERM or the end of --duration, then the final counters. With --watch the rules are
 * applied and replaced as {@code sluice apply} does ({@link WatchedRules}).
 */
final class RunCommand implements Callable<Integer> {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    /** The longest a ring buffer poll blocks, so a stop or a refresh is never late by more. */
    private static final int POLL_SLICE_MS = 50;
    /** How often the interface is looked up: a deleted one is noticed within this time. */
    private static final long INTERFACE_CHECK_NANOS = 200_000_000L;

    Path file;
    String filter;
    String hook;
    String action;
    String iface;
    String mode;
    double interval;
    Double duration;
    String netns;
    Path cgroup;
    boolean debug;
    String metrics;
    boolean watchRules;
    CommandSpec spec;
    /** The interface packet programs are on, once attached. */
    private InterfaceWatch watch;

    /** The command line of this command, bound to its fields. */
    CommandSpec model() {
        spec = CommandModel.of("run", this, "Loads and attaches every program, shows counters, histograms and printed events live, "
                        + "and detaches on Ctrl-C, SIGTERM or the end of --duration.")
                .rulesFileOrFilter(v -> file = v, v -> filter = v, v -> hook = v, v -> action = v)
                .option(OptionSpec.builder("--iface").paramLabel("IF").type(String.class)
                        .description("the interface XDP, tc and socket programs attach to"), (String v) -> iface = v)
                .option(AttachOptions.modeOption(), (String v) -> mode = v)
                .option(OptionSpec.builder("--interval").paramLabel("S").type(double.class).defaultValue("1")
                        .description("seconds between refreshes (default: ${DEFAULT-VALUE})"), (Double v) -> interval = v)
                .option(OptionSpec.builder("--duration").paramLabel("S").type(Double.class)
                        .description("stop after this many seconds (default: until Ctrl-C or SIGTERM)"), (Double v) -> duration = v)
                .option(OptionSpec.builder("--netns").paramLabel("NAME").type(String.class)
                        .description("resolve --iface in network namespace NAME (ip netns) and attach there"), (String v) -> netns = v)
                .option(AttachOptions.cgroupOption(), (Path v) -> cgroup = v)
                .option(OptionSpec.builder("--metrics").paramLabel("ADDR:PORT").type(String.class)
                        .description("serve the counters, sums and histograms at http://ADDR:PORT/metrics (Prometheus text format)"),
                        (String v) -> metrics = v)
                .option(OptionSpec.builder("--watch").type(boolean.class)
                        .description("replace the rules in one transaction, as sluice apply does, on every change of FILE or of a set "
                                + "file it reads, and on SIGHUP"), (Boolean v) -> watchRules = v)
                .debugOption(v -> debug = v)
                .spec();
        return spec;
    }

    @Override
    public Integer call() {
        // Started before the programs exist, closed after they are attached: see RunPreparation.
        try (RunPreparation preparation = new RunPreparation()) {
            return call(preparation);
        }
    }

    private Integer call(RunPreparation preparation) {
        PrintWriter err = spec.commandLine().getErr();
        XdpMode xdpMode = xdpMode();
        if (!inRange(interval)) throw new ParameterException(spec.commandLine(), "--interval must be more than 0 and at most 1e9 seconds");
        if (duration != null && !inRange(duration)) throw new ParameterException(spec.commandLine(), "--duration must be more than 0 and at most 1e9 seconds");
        AttachOptions.requireNamespace(netns, spec.commandLine());
        RulesInput input = RulesInput.of(java.util.Optional.ofNullable(file), java.util.Optional.ofNullable(filter), hook, action);
        CompiledRules rules = input instanceof RulesInput.File f && f.path().getFileName().toString().endsWith(".o")
                ? CompiledRules.fromObject(f.path(), err) : CompiledRules.of(input, err, watchRules ? parsed -> { } : preparation::open);
        List<String> onInterface = rules.programs().stream()
                .filter(p -> Target.of(p.hook()).onInterface())
                .map(CompiledProgram::name).toList();
        if (!onInterface.isEmpty() && iface == null) {
            throw new ParameterException(spec.commandLine(), "--iface is required: " + String.join(", ", onInterface)
                    + (onInterface.size() == 1 ? " attaches" : " attach") + " to a network interface");
        }
        if (watchRules) requireWatchable(input, rules);
        Path cgroupPath = rules.programs().stream().anyMatch(p -> Target.of(p.hook()).onCgroup()) ? cgroupPath() : null;
        InetSocketAddress metricsAddress = metricsAddress();

        PrintStream out = System.out;
        int code = ExitCodes.OK;
        long started = System.nanoTime();
        // The stop signal outlives the session: after a signal the JVM halts as soon as it is closed,
        // so everything, the last line included, is done by then.
        try (StopSignal stop = StopSignal.install(watchRules)) {
            try (RunSession session = new RunSession(); Metrics served = Metrics.serve(metricsAddress, session, err)) {
                WatchedRules watched = null;
                if (watchRules) {
                    AttachPoints points = new AttachPoints(iface == null ? List.of() : List.of(iface), java.util.Optional.ofNullable(netns),
                            xdpMode, java.util.Optional.ofNullable(cgroupPath));
                    watched = WatchedRules.start(file, rules, points, session, out, err, spec, debug);
                    if (iface != null) watch = inNamespace(() -> InterfaceWatch.of(iface, java.util.Optional.ofNullable(netns)));
                } else {
                    List<Link> links = inNamespace(() -> open(rules.programs(), session, xdpMode, cgroupPath, preparation));
                    for (int i = 0; i < links.size(); i++) {
                        err.println("sluice: attached " + rules.programs().get(i).name() + ": " + links.get(i).description()
                                + (iface != null && links.get(i).description().contains("ifindex") ? " (" + iface + ")" : ""));
                    }
                }
                served.announce(err);
                err.println("sluice: running" + (duration == null ? " until Ctrl-C" : " for " + seconds(duration)));
                err.flush();
                boolean attached = loop(session, stop, watched, out, err, started, onInterface, rules.programs().size());
                served.close();
                session.detach();
                out.println("summary after " + seconds((System.nanoTime() - started) / 1e9) + ":");
                out.print(counters(session));
                out.flush();
                if (!attached) {
                    err.println("sluice: nothing is left attached");
                    code = ExitCodes.KERNEL_REFUSED;
                }
            }
            err.println("sluice: detached");
            err.flush();
        }
        return code;
    }

    /** --watch replaces the rules as apply does: a rules file the record can keep as a script, programs apply can attach. */
    private void requireWatchable(RulesInput input, CompiledRules rules) {
        if (!(input instanceof RulesInput.File f) || f.path().getFileName().toString().endsWith(".o")) {
            throw new ParameterException(spec.commandLine(), "--watch needs a rules file (FILE.ebpf or FILE.java), not "
                    + (input instanceof RulesInput.File ? "an object" : "--filter"));
        }
        for (CompiledProgram p : rules.programs()) {
            if (!ApplyCommand.appliable(p)) {
                throw new ParameterException(spec.commandLine(), "--watch: " + p.name() + ": " + p.hookKind()
                        + " programs cannot be replaced in place (no bpf link to update); run without --watch");
            }
        }
    }

    /** Positive and small enough that the deadline in nanoseconds does not overflow (about 30 years). */
    private static boolean inRange(double s) {
        return s > 0 && s <= 1e9;
    }

    private InetSocketAddress metricsAddress() {
        if (metrics == null) return null;
        try {
            return ListenAddress.parse(metrics);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--metrics: " + e.getMessage());
        }
    }

    private XdpMode xdpMode() {
        return AttachOptions.xdpMode(mode, spec.commandLine());
    }

    private Path cgroupPath() {
        return AttachOptions.cgroupPath(cgroup, spec.commandLine());
    }

    /** Interface names resolve in the calling thread's namespace, so with --netns loading and attaching happen there. */
    private <T> T inNamespace(Callable<T> work) {
        if (netns == null) {
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return NetworkNamespace.call(netns, work);
    }

    /** Loads and attaches each program in the file's order; every resource goes to the session the moment it exists. */
    private List<Link> open(List<CompiledProgram> programs, RunSession session, XdpMode xdpMode, Path cgroupPath,
                            RunPreparation preparation) {
        // Before the first system call here (the interface's index is one): its failure is reported as that call's.
        RunPreparation.awaitNativeLayer();
        if (iface != null) {
            try {
                Interfaces.index(iface);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--iface: no network interface named " + iface
                        + (netns == null ? "" : " in network namespace " + netns));
            }
            watch = InterfaceWatch.of(iface, java.util.Optional.ofNullable(netns));
        }
        List<Link> links = new ArrayList<>();
        for (CompiledProgram p : programs) {
            try {
                LoadedProgram loaded = Kernel.load(p);
                session.loaded(loaded);
                session.reading(loaded, loaded.openEvents().orElse(null));
                Link link = attach(loaded, session, xdpMode, cgroupPath, preparation);
                session.attached(link);
                links.add(link);
            } catch (KernelException | IllegalArgumentException e) {
                // Besides load refusals, attach failures: an interface the driver refuses, a missing probe target,
                // a missing tracepoint or uprobe binary (IllegalArgumentException).
                throw refused(e, KernelRefusal.message(p, e));
            }
        }
        return links;
    }

    private Link attach(LoadedProgram loaded, RunSession session, XdpMode xdpMode, Path cgroupPath, RunPreparation preparation) {
        Target target = Target.of(loaded.compiled().hook());
        java.util.Optional<ProbeEvent> opened = preparation.take(loaded.compiled().hook());
        if (opened.isPresent()) {
            try (ProbeEvent event = opened.get()) {
                return loaded.attachProbe(event);
            }
        }
        if (target == Target.XDP) return loaded.attachXdp(iface, xdpMode);
        if (target == Target.TC) return loaded.attachTc(iface);
        if (target == Target.SOCKET) {
            // A socket filter sees what one socket receives: ours, a raw socket on --iface, gets every frame.
            PacketSocket socket = PacketSocket.open(Interfaces.index(iface));
            session.attached(socket);
            return loaded.attachSocket(socket.fd());
        }
        if (target.onCgroup()) return loaded.attachCgroup(cgroupPath);
        return loaded.attachProbe();
    }

    private CliFailure refused(RuntimeException e, String message) {
        if (debug) e.printStackTrace(spec.commandLine().getErr());
        return new CliFailure(ExitCodes.KERNEL_REFUSED, message);
    }

    /**
     * Until a stop, the end of --duration, or nothing left attached: events printed as they arrive,
     * counters every --interval, and a warning when the interface the packet programs are on is
     * deleted (the kernel detaches them). False when it ended because nothing is attached any more.
     */
    private boolean loop(RunSession session, StopSignal stop, WatchedRules watched, PrintStream out, PrintWriter err,
                         long started, List<String> onInterface, int programs) {
        long intervalNanos = Math.max(1, (long) (interval * 1e9));
        long end = duration == null ? Long.MAX_VALUE : started + (long) (duration * 1e9);
        long nextRefresh = started + intervalNanos;
        boolean watching = watch != null && !onInterface.isEmpty();
        long nextCheck = started + INTERFACE_CHECK_NANOS;
        boolean attached = true;
        List<RunSession.Running> printing = session.running().stream().filter(r -> r.events() != null).toList();
        // On a terminal with nothing printing, each refresh redraws the screen; otherwise refreshes follow each other.
        boolean redraw = printing.isEmpty() && System.console() != null;
        while (!stop.requested()) {
            long now = System.nanoTime();
            if (now - end >= 0) break;
            if (watched != null && watched.poll(stop, now)) {
                printing = session.running().stream().filter(r -> r.events() != null).toList();
            }
            if (watching && now - nextCheck >= 0) {
                nextCheck = now + INTERFACE_CHECK_NANOS;
                if (!watch.present()) {
                    watching = false;
                    err.println("sluice: warning: interface " + iface + " is gone; " + String.join(", ", onInterface)
                            + (onInterface.size() == 1 ? " is" : " are") + " no longer attached");
                    err.flush();
                    if (onInterface.size() == programs) {
                        attached = false;
                        break;
                    }
                }
                continue;
            }
            if (now - nextRefresh >= 0) {
                if (redraw) out.print("\033[H\033[2J");
                out.println(LocalTime.now().format(CLOCK));
                out.print(counters(session));
                out.flush();
                nextRefresh = Math.max(nextRefresh + intervalNanos, now + intervalNanos / 2);
                continue;
            }
            long next = Math.min(end, watching ? Math.min(nextRefresh, nextCheck) : nextRefresh);
            long waitMs = Math.max(1, (next - now + 999_999) / 1_000_000);
            if (watched != null) waitMs = Math.min(waitMs, WatchedFiles.POLL_MILLIS);
            if (printing.isEmpty()) {
                stop.await(waitMs);
                continue;
            }
            int timeout = (int) Math.min(waitMs, POLL_SLICE_MS);
            for (RunSession.Running r : printing) {
                r.events().poll(timeout, record -> out.println(r.program().formatEvent(record)));
                timeout = 0;
            }
            out.flush();
        }
        // Events still in the buffers were sent before the stop: they are shown too.
        for (RunSession.Running r : printing) r.events().drain(record -> out.println(r.program().formatEvent(record)));
        return attached;
    }

    /** Every program's counters; with more than one program, each under its name. */
    private static String counters(RunSession session) {
        List<CounterView.ProgramCounters> all = new ArrayList<>();
        for (RunSession.Running r : session.running()) all.add(new CounterView.ProgramCounters(r.program().compiled(), r.program().counters()));
        return CounterView.render(all);
    }

    private static String seconds(double s) {
        return (s == Math.rint(s) ? Long.toString((long) s) : String.format(Locale.ROOT, "%.1f", s)) + " s";
    }
}
