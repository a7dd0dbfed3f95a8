package dev.sluice.cli;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.runtime.AppliedRecord;
import dev.sluice.runtime.AppliedRules;
import dev.sluice.runtime.ApplyRequest;
import dev.sluice.runtime.AttachPoints;
import dev.sluice.runtime.KernelException;
import dev.sluice.runtime.LoadedProgram;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of {@code sluice run FILE --watch}: applied through the same transaction as {@code sluice
 * apply} ({@link AppliedRules}), under the name {@code run-PID} in the applied root, and reloaded on
 * every change of FILE or of a set file it reads, and on SIGHUP. The transaction needs its
 * generations pinned (its commit point is a rename on bpffs), so the run's rules are pinned while it
 * lasts: {@code sluice status run-PID} shows them. The run removes them when it ends; a run killed
 * with SIGKILL leaves them attached, and the next {@code run --watch} removes what a run no longer
 * alive left (as does {@code sluice remove run-PID}). A reload that fails to compile, verify or
 * attach changes nothing: one line on stderr says why, and the old rules run on.
 */
final class WatchedRules {
    private static final Pattern RUN_NAME = Pattern.compile("run-(\\d{1,9})");

    private final Path file;
    private final Path root;
    private final String name;
    private final AttachPoints points;
    private final RunSession session;
    private final PrintStream out;
    private final PrintWriter err;
    private final WatchedFiles files;
    private List<String> programs;

    private WatchedRules(Path file, AttachPoints points, RunSession session, PrintStream out, PrintWriter err, List<Path> watched) {
        this.file = file;
        this.root = AppliedRoot.path();
        this.name = "run-" + ProcessHandle.current().pid();
        this.points = points;
        this.session = session;
        this.out = out;
        this.err = err;
        this.files = WatchedFiles.of(watched);
    }

    /**
     * Applies {@code rules} (compiled from {@code file}) and opens them into {@code session}, which from
     * then on removes them when it detaches. A refusal is exit 3 and leaves nothing applied.
     */
    static WatchedRules start(Path file, CompiledRules rules, AttachPoints points, RunSession session, PrintStream out,
                              PrintWriter err, picocli.CommandLine.Model.CommandSpec spec, boolean debug) {
        WatchedRules watched = new WatchedRules(file, points, session, out, err, watchList(file, rules));
        watched.removeAbandoned();
        session.attached(() -> AppliedRules.remove(watched.root, watched.name));
        ApplyCommand.apply(watched.request(rules, script(rules).orElseThrow(() -> new CliFailure(ExitCodes.SCRIPT_ERROR,
                file + ": --watch applies the rules as a script, and these cannot be written as one"))), spec, debug);
        AppliedRecord record = watched.open(rules.programs());
        for (AppliedRecord.ProgramEntry p : record.programs()) {
            for (AppliedRecord.LinkEntry l : p.links()) err.println("sluice: attached " + p.name() + ": " + l.description());
        }
        err.println("sluice: watching " + String.join(", ", watched.files.files().stream().map(Path::toString).toList())
                + " (and SIGHUP); the rules are applied as " + watched.name);
        return watched;
    }

    /** Reloads when a watched file changed or SIGHUP came; true when the session's programs were replaced. */
    boolean poll(StopSignal signal, long now) {
        boolean hangup = signal.reloadRequested();
        if (!hangup && !files.changed(now)) return false;
        return reload(hangup ? "SIGHUP" : "a change");
    }

    private boolean reload(String why) {
        long started = System.nanoTime();
        files.rebase(files.files());
        CompiledRules rules;
        try {
            rules = CompiledRules.of(file, err);
        } catch (CliFailure f) {
            return refused(f.text().lines().findFirst().orElse(f.text()).replaceFirst("^sluice: ", ""));
        }
        List<Path> watched = watchList(file, rules);
        if (!watched.equals(files.files())) files.rebase(watched);
        Optional<String> script = script(rules);
        if (script.isEmpty()) return refused(file + ": these rules cannot be written as a script");
        List<String> before = programs;
        try {
            AppliedRules.apply(request(rules, script.get()));
        } catch (KernelException | IllegalArgumentException e) {
            return refused(e.getMessage());
        }
        try {
            open(rules.programs());
        } catch (KernelException | IllegalArgumentException e) {
            err.println("sluice: warning: the new rules run, but cannot be read: " + e.getMessage());
            err.flush();
            return false;
        }
        Set<String> kept = new TreeSet<>(before);
        kept.retainAll(programs);
        Set<String> added = new TreeSet<>(programs);
        added.removeAll(before);
        Set<String> dropped = new TreeSet<>(before);
        dropped.removeAll(programs);
        err.printf(Locale.ROOT, "sluice: reloaded %s on %s in %.0f ms: replaced %s%s%s%n", file, why,
                (System.nanoTime() - started) / 1e6, kept.isEmpty() ? "none" : String.join(", ", kept),
                added.isEmpty() ? "" : "; added " + String.join(", ", added),
                dropped.isEmpty() ? "" : "; removed " + String.join(", ", dropped));
        err.flush();
        return true;
    }

    private boolean refused(String why) {
        err.println("sluice: reload refused, the old rules run on: " + why);
        err.flush();
        return false;
    }

    /** Opens the current generation's programs and readers into the session, closing what it showed before. */
    private AppliedRecord open(List<CompiledProgram> compiled) {
        List<RunSession.Running> next = new ArrayList<>();
        AppliedRecord record;
        try (AppliedRules applied = AppliedRules.open(root, name)
                .orElseThrow(() -> new IllegalStateException("the rules just applied as " + name + " are not there"))) {
            record = applied.record();
            for (CompiledProgram p : compiled) {
                LoadedProgram loaded = applied.openProgram(p);
                try {
                    next.add(new RunSession.Running(loaded, loaded.openEvents().orElse(null)));
                } catch (RuntimeException e) {
                    loaded.close();
                    throw e;
                }
            }
        } catch (RuntimeException e) {
            for (RunSession.Running r : next) {
                if (r.events() != null) r.events().close();
                r.program().close();
            }
            throw e;
        }
        // The metrics endpoint reads the session under its lock (Metrics): it sees the old programs or the new, never a closed one.
        synchronized (session) {
            List<RunSession.Running> shown = session.running();
            Deque<AutoCloseable> old = session.replace(next);
            // What the old programs printed before the swap is shown before their readers close.
            for (RunSession.Running r : shown) {
                if (r.events() != null) r.events().drain(event -> out.println(r.program().formatEvent(event)));
            }
            out.flush();
            RunSession.closeAll(old);
        }
        programs = compiled.stream().map(CompiledProgram::name).toList();
        return record;
    }

    private ApplyRequest request(CompiledRules rules, String script) {
        return new ApplyRequest(root, name, file.toAbsolutePath().toString(), ApplyCommand.sha256(file), script, rules.programs(),
                points, Map.of(), UndeclaredMembers.since(name, rules.programs(), err), ApplyCommand::killSwitch);
    }

    /** The rules as the script the applied record keeps; socket and profile programs cannot be applied, so not watched. */
    private static Optional<String> script(CompiledRules rules) {
        if (!rules.programs().stream().allMatch(ApplyCommand::appliable)) return Optional.empty();
        return rules.asScript();
    }

    private static List<Path> watchList(Path file, CompiledRules rules) {
        List<Path> out = new ArrayList<>();
        out.add(file);
        out.addAll(rules.setFiles());
        return out;
    }

    /** Rules a {@code run --watch} left when it was killed: its process is gone, so nobody will remove them. */
    private void removeAbandoned() {
        for (String n : AppliedRules.names(root)) {
            Matcher m = RUN_NAME.matcher(n);
            if (!m.matches() || n.equals(name)) continue;
            boolean alive = ProcessHandle.of(Long.parseLong(m.group(1))).map(ProcessHandle::isAlive).orElse(false);
            if (!alive && AppliedRules.remove(root, n)) err.println("sluice: removed " + n + ", left by a run that was killed");
        }
    }
}
