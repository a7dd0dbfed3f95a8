package dev.sluice.bench;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.compiler.CounterValue;
import dev.sluice.dsl.model.Program;
import dev.sluice.grammar.Scripts;
import dev.sluice.runtime.Attach;
import dev.sluice.runtime.Kernel;
import dev.sluice.runtime.Link;
import dev.sluice.runtime.LoadedProgram;
import dev.sluice.runtime.ProgramInfo;
import dev.sluice.runtime.RunStatistics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Count-by-comm on a uprobe, Sluice against bpftrace on the same machine (docs/PERFORMANCE-TRACE.md,
 * "Trace programs against bpftrace"). Needs root, gcc, bpftrace and bpftool.
 *
 * <p>Per-event cost: with BPF_ENABLE_STATS on (held open by this process for the whole run, the
 * same switch as {@code kernel.bpf_stats_enabled}), a target calls {@code sluice_target} N times in
 * a tight loop while one side is attached; the kernel's run_time_ns / run_cnt of that side's
 * program is the per-event cost. Sluice's program is read through {@code BpfProgram.info()},
 * bpftrace's through {@code bpftool prog show id ID --json}. Both must count exactly N calls for
 * the comm "target". Rounds alternate which side goes first.
 *
 * <p>Compile-to-attach: a target calls {@code sluice_target} about once a millisecond and records
 * the CLOCK_MONOTONIC time of each call. Just before starting the tool (bpftrace, or a fresh JVM
 * running {@link TraceAttachChild}) this process notes the time t0; the tool attaches, the target
 * is stopped, then the tool; if the tool counted C of the target's n calls, the first counted call
 * is call n - C, and its time minus t0 is the time from process start to the probe being live
 * (resolution about a millisecond, the call interval).
 *
 * <p>The compile-to-attach child starts in each of {@link TraceStartVariant}'s ways (as it is, with an
 * AppCDS archive, with a JDK 25+ AOT cache); {@code bin/sluice run} is measured too, on the JDK the
 * launcher picks and on this one, stopped by SIGINT as bpftrace is.
 *
 * <p>Arguments: --calls N (1000000) --rounds R (5; 0 skips the per-event rounds) --attach-rounds R (5)
 * --bpftrace PATH --work DIR (bench/target/trace-vs-bpftrace) --jdk25 JAVA_HOME (else the newest
 * JDK 25+ under /usr/lib/jvm) --no-launcher (leave out bin/sluice run; run from the repository root).
 */
public final class TraceVsBpftrace {
    private static final Pattern BPFTRACE_COUNT = Pattern.compile("@\\w*\\[(.*)\\]: (\\d+)");

    private TraceVsBpftrace() {}

    record EventRound(String side, long runTimeNs, long runCount, long counted, long targetWallNs, int xlated, int jited,
                      long parseNs, long compileNs, long loadNs, long attachNs) {
        double nsPerEvent() {
            return (double) runTimeNs / runCount;
        }
    }

    record AttachRound(String side, long readyNs, long firstCountedNs, long previousCallNs, long calls, long counted, String detail) {}

    public static void main(String[] args) throws Exception {
        long calls = 1_000_000;
        int rounds = 5;
        int attachRounds = 5;
        String bpftrace = "bpftrace";
        Path work = Path.of("bench/target/trace-vs-bpftrace");
        Optional<Path> jdk25 = Optional.empty();
        boolean launcher = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--calls" -> calls = Long.parseLong(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--attach-rounds" -> attachRounds = Integer.parseInt(args[++i]);
                case "--bpftrace" -> bpftrace = args[++i];
                case "--work" -> work = Path.of(args[++i]);
                case "--jdk25" -> jdk25 = Optional.of(Path.of(args[++i]));
                case "--no-launcher" -> launcher = false;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        work = work.toAbsolutePath();
        Path binary = TraceTarget.build(work);
        String sluiceScript = "uprobe \"" + binary + "\" sluice_target { count calls by comm }\n";
        String bpftraceScript = "uprobe:" + binary + ":sluice_target { @[comm] = count(); }";
        Path scriptFile = work.resolve("count-by-comm.ebpf");
        Files.writeString(scriptFile, sluiceScript);
        Files.writeString(work.resolve("count-by-comm.bt"), bpftraceScript + "\n");

        List<EventRound> events = new ArrayList<>();
        List<AttachRound> attaches = new ArrayList<>();
        try (RunStatistics stats = RunStatistics.enable()) {
            for (int r = 0; r < rounds; r++) {
                if (r % 2 == 0) {
                    events.add(sluiceEvents(sluiceScript, binary, calls));
                    events.add(bpftraceEvents(bpftrace, bpftraceScript, binary, calls));
                } else {
                    events.add(bpftraceEvents(bpftrace, bpftraceScript, binary, calls));
                    events.add(sluiceEvents(sluiceScript, binary, calls));
                }
                System.err.println("events round " + r + ": " + events.subList(events.size() - 2, events.size()));
            }
            List<TraceStartVariant> variants = new ArrayList<>(TraceStartVariant.all(work, ownJar(), scriptFile, TraceStartVariant.jdk25(jdk25)));
            if (launcher) variants.addAll(TraceStartVariant.launcher(Path.of("").toAbsolutePath(), scriptFile));
            List<String> bpftraceCommand = List.of(bpftrace, "-e", bpftraceScript);
            for (int r = 0; r < attachRounds; r++) {
                // Every variant and bpftrace once per round, the first one rotating from round to round.
                int sides = variants.size() + 1;
                for (int k = 0; k < sides; k++) {
                    int side = (k + r) % sides;
                    AttachRound a = side == variants.size()
                            ? attachTime("bpftrace", bpftraceCommand, "Attaching 1 probe", binary)
                            : attachTime(variants.get(side).name(), variants.get(side).command(),
                                    variants.get(side).launcher() ? "sluice: attached" : "attached", binary);
                    attaches.add(a);
                    System.err.println("attach round " + r + ": " + a);
                }
            }
        }
        String report = report(calls, events, attaches, sluiceScript, bpftraceScript);
        System.out.print(report);
        Files.writeString(work.resolve("result.md"), report);
    }

    private static String ownJar() throws Exception {
        return Path.of(TraceVsBpftrace.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    // ---- per-event cost ----

    static EventRound sluiceEvents(String script, Path binary, long calls) throws Exception {
        long t0 = System.nanoTime();
        Scripts.Result parsed = Scripts.parse(script, "bench.ebpf", Path.of("."));
        if (!parsed.ok()) throw new IllegalStateException(parsed.render());
        List<Program> programs = parsed.script().orElseThrow().programs();
        long t1 = System.nanoTime();
        List<CompiledProgram> compiled = SluiceCompiler.compile(programs);
        long t2 = System.nanoTime();
        try (LoadedProgram loaded = Kernel.load(compiled.get(0))) {
            long t3 = System.nanoTime();
            long wall;
            try (Link link = Attach.uprobe(loaded.program(), binary, "sluice_target", false, OptionalInt.empty())) {
                long t4 = System.nanoTime();
                wall = runTarget(binary, calls);
                ProgramInfo info = loaded.program().info();
                List<CounterValue> counters = loaded.counters();
                long counted = counters.stream().filter(c -> c.key().equals(Optional.of(List.of("target"))))
                        .mapToLong(CounterValue::value).sum();
                if (counters.size() != 1 || counted != calls || info.runCount() != calls) {
                    throw new IllegalStateException("sluice counted " + counters + ", run_cnt " + info.runCount() + ", expected " + calls);
                }
                return new EventRound("sluice", info.runTimeNs(), info.runCount(), counted, wall, info.xlatedInstructions(),
                        info.jitedBytes(), t1 - t0, t2 - t1, t3 - t2, t4 - t3);
            }
        }
    }

    static EventRound bpftraceEvents(String bpftrace, String script, Path binary, long calls) throws Exception {
        Set<Long> before = kprobeIds();
        Tool tool = Tool.start(List.of(bpftrace, "-e", script));
        try {
            tool.awaitLine("Attaching 1 probe", 60);
            long id = -1;
            for (int i = 0; i < 200 && id < 0; i++) {
                for (long candidate : kprobeIds()) if (!before.contains(candidate)) id = candidate;
                if (id < 0) Thread.sleep(20);
            }
            if (id < 0) throw new IllegalStateException("bpftrace's program did not show in bpftool prog show");
            Thread.sleep(1000); // "Attaching" is printed before the attach itself
            long wall = runTarget(binary, calls);
            String json = run("bpftool", "prog", "show", "id", Long.toString(id), "--json");
            long runTime = jsonLong(json, "run_time_ns");
            long runCount = jsonLong(json, "run_cnt");
            long counted = stopBySigint(tool, "bpftrace", Optional.empty());
            if (counted != calls || runCount != calls) {
                throw new IllegalStateException("bpftrace counted " + counted + ", run_cnt " + runCount + ", expected " + calls
                        + "; output: " + tool.lines);
            }
            return new EventRound("bpftrace", runTime, runCount, counted, wall, (int) jsonLong(json, "bytes_xlated") / 8,
                    (int) jsonLong(json, "bytes_jited"), 0, 0, 0, 0);
        } finally {
            tool.process.destroyForcibly();
        }
    }

    /** Runs the tight-loop target; its wall time in ns. */
    private static long runTarget(Path binary, long calls) throws Exception {
        Process p = new ProcessBuilder(binary.toString(), Long.toString(calls)).redirectErrorStream(true).start();
        long start = System.nanoTime();
        p.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(600, TimeUnit.SECONDS)) throw new IllegalStateException("target did not finish");
        long wall = System.nanoTime() - start;
        if (!out.equals(Long.toString(TraceTarget.expectedSum(calls)))) throw new IllegalStateException("target printed " + out);
        return wall;
    }

    private static Set<Long> kprobeIds() throws Exception {
        String json = run("bpftool", "prog", "show", "--json");
        Set<Long> ids = new HashSet<>();
        Matcher m = Pattern.compile("\"id\":(\\d+),\"type\":\"kprobe\",\"name\":\"sluice_target\"").matcher(json);
        while (m.find()) ids.add(Long.parseLong(m.group(1)));
        return ids;
    }

    private static long jsonLong(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(json);
        if (!m.find()) throw new IllegalStateException("no " + key + " in " + json);
        return Long.parseLong(m.group(1));
    }

    // ---- compile-to-attach ----

    static AttachRound attachTime(String side, List<String> command, String readyMarker, Path binary) throws Exception {
        Process spin = new ProcessBuilder(binary.toString(), "spin").start();
        Thread.sleep(300);
        long t0 = System.nanoTime();
        Tool tool = Tool.start(command);
        try {
            String ready = tool.awaitLine(readyMarker, 60);
            long readyNs = System.nanoTime() - t0;
            Thread.sleep(1500);
            spin.getOutputStream().write("stop\n".getBytes(StandardCharsets.UTF_8));
            spin.getOutputStream().close();
            List<String> lines = new String(spin.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            spin.waitFor(30, TimeUnit.SECONDS);
            long n = Long.parseLong(lines.get(0).split(" ")[0]);
            long counted;
            if (side.equals("bpftrace")) {
                counted = stopBySigint(tool, side, Optional.empty());
            } else if (side.startsWith("bin/sluice")) {
                counted = stopBySigint(tool, side, Optional.of("summary after"));
            } else {
                tool.process.getOutputStream().write("done\n".getBytes(StandardCharsets.UTF_8));
                tool.process.getOutputStream().close();
                tool.process.waitFor(30, TimeUnit.SECONDS);
                tool.drained.await();
                counted = tool.lines.stream().filter(l -> l.startsWith("counter calls [target] "))
                        .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).sum();
            }
            if (counted <= 0 || counted > n) throw new IllegalStateException(side + " counted " + counted + " of " + n + ": " + tool.lines);
            long first = n - counted; // index of the first counted call
            long at = Long.parseLong(lines.get(1 + (int) first)) - t0;
            long previous = first == 0 ? Long.MIN_VALUE : Long.parseLong(lines.get((int) first)) - t0;
            return new AttachRound(side, readyNs, at, previous, n, counted, ready);
        } finally {
            tool.process.destroyForcibly();
            spin.destroyForcibly();
        }
    }

    /**
     * Stops bpftrace or {@code bin/sluice run} with SIGINT and adds up their {@code @NAME[target]: N}
     * lines: all of them for bpftrace, those after the {@code summary} line for Sluice (which also
     * prints them while it runs).
     */
    private static long stopBySigint(Tool tool, String side, Optional<String> summary) throws Exception {
        // Once in a while bpftrace (v0.17) misses the first SIGINT; ask again before giving up.
        for (int attempt = 0; ; attempt++) {
            run("kill", "-INT", Long.toString(tool.process.pid()));
            if (tool.process.waitFor(10, TimeUnit.SECONDS)) break;
            if (attempt == 5) throw new IllegalStateException(side + " did not exit: " + tool.lines);
            System.err.println(side + " still running 10 s after SIGINT; sending another");
        }
        tool.drained.await();
        long total = 0;
        List<String> lines = List.copyOf(tool.lines);
        if (summary.isPresent()) {
            int at = 0;
            while (at < lines.size() && !lines.get(at).startsWith(summary.get())) at++;
            lines = lines.subList(Math.min(at, lines.size()), lines.size());
        }
        for (String line : lines) {
            Matcher m = BPFTRACE_COUNT.matcher(line);
            if (m.matches() && m.group(1).equals("target")) total += Long.parseLong(m.group(2));
        }
        return total;
    }

    /** A started process whose output lines are collected by a thread. */
    static final class Tool {
        final Process process;
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
        final java.util.concurrent.CountDownLatch drained = new java.util.concurrent.CountDownLatch(1);

        private Tool(Process process) {
            this.process = process;
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                        queue.add(line);
                    }
                } catch (IOException ignored) {
                    // the process went away
                } finally {
                    drained.countDown();
                }
            });
            t.setDaemon(true);
            t.start();
        }

        static Tool start(List<String> command) throws IOException {
            return new Tool(new ProcessBuilder(command).redirectErrorStream(true).start());
        }

        String awaitLine(String prefix, int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (true) {
                String line = queue.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) throw new IllegalStateException("no line starting " + prefix + " within " + seconds + " s: " + lines);
                if (line.startsWith(prefix)) return line;
            }
        }
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        return out;
    }

    // ---- report ----

    static double median(List<Double> values) {
        if (values.isEmpty()) return Double.NaN;
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static double min(List<Double> values) {
        return values.isEmpty() ? Double.NaN : Collections.min(values);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    static String report(long calls, List<EventRound> events, List<AttachRound> attaches, String sluiceScript, String bpftraceScript) {
        StringBuilder out = new StringBuilder();
        out.append(f("Date %s, kernel %s, %d CPUs, Java %s; %,d calls per round.%n%n", LocalDate.now(), System.getProperty("os.version"),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), calls));
        out.append("Sluice: `").append(sluiceScript.trim()).append("`  \nbpftrace: `").append(bpftraceScript).append("`\n\n");
        out.append("Per-event cost (run_time_ns / run_cnt, BPF_ENABLE_STATS), each round both sides in turn:\n\n");
        out.append("| round | Sluice ns/event | bpftrace ns/event | Sluice / bpftrace | target µs/call (Sluice, bpftrace) |\n|---|---|---|---|---|\n");
        List<Double> s = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        List<Double> ratio = new ArrayList<>();
        int round = 0;
        for (int i = 0; i + 1 < events.size(); i += 2) {
            EventRound x = events.get(i).side().equals("sluice") ? events.get(i) : events.get(i + 1);
            EventRound y = events.get(i).side().equals("sluice") ? events.get(i + 1) : events.get(i);
            s.add(x.nsPerEvent());
            b.add(y.nsPerEvent());
            ratio.add(x.nsPerEvent() / y.nsPerEvent());
            out.append(f("| %d | %.1f | %.1f | %.2f | %.2f, %.2f |%n", ++round, x.nsPerEvent(), y.nsPerEvent(), x.nsPerEvent() / y.nsPerEvent(),
                    x.targetWallNs() / 1e3 / calls, y.targetWallNs() / 1e3 / calls));
        }
        out.append(f("| min | %.1f | %.1f | %.2f | |%n", min(s), min(b), min(ratio)));
        out.append(f("| median | %.1f | %.1f | %.2f | |%n%n", median(s), median(b), median(ratio)));
        EventRound sx = events.stream().filter(e -> e.side().equals("sluice")).findFirst().orElse(null);
        EventRound bx = events.stream().filter(e -> e.side().equals("bpftrace")).findFirst().orElse(null);
        if (sx != null && bx != null) out.append(f("Program size after the kernel's rewriting: Sluice %d instructions (%d bytes JITed), bpftrace %d (%d bytes JITed). "
                + "Both counted exactly %,d calls for comm \"target\" in every round (map and run_cnt).%n%n",
                sx.xlated(), sx.jited(), bx.xlated(), bx.jited(), calls));
        out.append("In-process Sluice steps (ms; round 1 is the first use in this JVM):\n\n| round | parse | compile | load | attach |\n|---|---|---|---|---|\n");
        round = 0;
        for (EventRound e : events) {
            if (!e.side().equals("sluice")) continue;
            out.append(f("| %d | %.2f | %.2f | %.2f | %.2f |%n", ++round, e.parseNs() / 1e6, e.compileNs() / 1e6, e.loadNs() / 1e6, e.attachNs() / 1e6));
        }
        out.append("\nCompile-to-attach, process start to probe live (first counted call of a target calling once a ms), ms; "
                + "each round runs every side once, the first side rotating. Sluice's sides are fresh JVMs running the "
                + "child (parse, compile, load, attach), and `bin/sluice run` as users start it; \"ready\" (in brackets) "
                + "is when the tool printed `attached` / `sluice: attached` / `Attaching 1 probe...`:\n\n");
        List<String> sides = attaches.stream().map(AttachRound::side).distinct().toList();
        out.append("| round | ").append(String.join(" | ", sides)).append(" |\n|---|").append("---|".repeat(sides.size())).append('\n');
        int rounds = sides.isEmpty() ? 0 : attaches.size() / sides.size();
        for (int r = 0; r < rounds; r++) {
            out.append("| ").append(r + 1);
            for (String side : sides) {
                AttachRound a = attaches.stream().filter(x -> x.side().equals(side)).skip(r).findFirst().orElseThrow();
                out.append(f(" | %.1f (%.1f)", a.firstCountedNs() / 1e6, a.readyNs() / 1e6));
            }
            out.append(" |\n");
        }
        for (String stat : List.of("min", "median")) {
            out.append("| ").append(stat);
            for (String side : sides) {
                List<Double> live = attaches.stream().filter(x -> x.side().equals(side)).map(x -> x.firstCountedNs() / 1e6).toList();
                out.append(f(" | %.1f", stat.equals("min") ? min(live) : median(live)));
            }
            out.append(" |\n");
        }
        out.append("\nSluice child steps (ms, from its `attached` line):\n\n");
        for (AttachRound a : attaches) {
            if (a.side().equals("bpftrace")) continue;
            Matcher m = Pattern.compile("attached parse=(\\d+) compile=(\\d+) load=(\\d+) attach=(\\d+)").matcher(a.detail());
            if (m.matches()) {
                out.append(f("- %s: parse %.1f, compile %.1f, load %.1f, attach %.1f%n", a.side(), Long.parseLong(m.group(1)) / 1e6,
                        Long.parseLong(m.group(2)) / 1e6, Long.parseLong(m.group(3)) / 1e6, Long.parseLong(m.group(4)) / 1e6));
            }
        }
        return out.toString();
    }
}
