package dev.sluice.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The ways a fresh JVM can start {@link TraceAttachChild} for the compile-to-attach rounds: on this
 * JDK as it is; with a class-data sharing archive (AppCDS, what {@code bin/sluice} makes for itself);
 * and, where a JDK 25 or later is found, with an AOT cache (classes loaded, linked and profiled ahead
 * of time). Each archive or cache comes from one training run of the same child on the same script,
 * attached and stopped like a measured round.
 */
record TraceStartVariant(String name, List<String> command, boolean launcher) {

    /** bin/sluice's own flags. */
    private static final List<String> FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=10",
            "-XX:-UsePerfData");

    /**
     * {@code bin/sluice run SCRIPT} as users start it: on the JDK the launcher picks (a JDK 25+ from
     * /usr/lib/jvm when there is one, with its AOT cache) and on this JDK (JAVA_HOME set, its AppCDS
     * archive). Each is run once first, for 0.1 s, so that the launcher makes its cache before the
     * measured rounds. It prints {@code sluice: attached ...} when live and its counters, as
     * {@code @calls[COMM]: N}, after {@code summary after} when stopped by SIGINT.
     */
    static List<TraceStartVariant> launcher(Path root, Path script) throws Exception {
        String sluice = root.resolve("bin/sluice").toString();
        List<TraceStartVariant> variants = List.of(
                new TraceStartVariant("bin/sluice run", List.of("env", "-u", "JAVA_HOME", sluice, "run", script.toString()), true),
                new TraceStartVariant("bin/sluice run, JDK " + Runtime.version().feature(),
                        List.of("env", "JAVA_HOME=" + System.getProperty("java.home"), sluice, "run", script.toString()), true));
        for (TraceStartVariant v : variants) {
            List<String> warm = new ArrayList<>(v.command());
            warm.addAll(List.of("--duration", "0.1"));
            Process p = new ProcessBuilder(warm).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException(v.name() + " failed: " + out);
        }
        return variants;
    }

    static List<TraceStartVariant> all(Path work, String jar, Path script, Optional<Path> jdk25) throws Exception {
        String java17 = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<TraceStartVariant> variants = new ArrayList<>();
        variants.add(of("Sluice", java17, List.of("-Xshare:auto"), jar, script));
        Path archive = work.resolve("trace-child.jsa");
        Files.deleteIfExists(archive);
        train(of("training", java17, List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"), jar, script));
        if (Files.isRegularFile(archive)) {
            variants.add(of("Sluice AppCDS", java17, List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off"), jar, script));
        }
        if (jdk25.isPresent()) {
            String java25 = jdk25.get().resolve("bin/java").toString();
            List<String> quiet = List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xlog:aot=off", "-Xlog:cds=off");
            Path cache = work.resolve("trace-child.aot");
            Files.deleteIfExists(cache);
            List<String> make = new ArrayList<>(quiet);
            make.add("-XX:AOTCacheOutput=" + cache);
            train(of("training", java25, make, jar, script));
            if (Files.isRegularFile(cache)) {
                List<String> use = new ArrayList<>(quiet);
                use.add("-XX:AOTCache=" + cache);
                variants.add(of("Sluice JDK " + feature(jdk25.get()).orElse(25) + " AOT", java25, use, jar, script));
            }
        }
        return variants;
    }

    private static TraceStartVariant of(String name, String java, List<String> options, String jar, Path script) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(FLAGS);
        command.addAll(options);
        command.addAll(List.of("-cp", jar, TraceAttachChild.class.getName(), script.toString()));
        return new TraceStartVariant(name, List.copyOf(command), false);
    }

    /** One run of the child: it attaches, is told to stop, and writes the archive or cache as it exits. */
    private static void train(TraceStartVariant training) throws Exception {
        TraceVsBpftrace.Tool tool = TraceVsBpftrace.Tool.start(training.command());
        try {
            tool.awaitLine("attached", 120);
            tool.process.getOutputStream().write("done\n".getBytes(StandardCharsets.UTF_8));
            tool.process.getOutputStream().close();
            if (!tool.process.waitFor(120, TimeUnit.SECONDS)) throw new IllegalStateException("the training run did not exit: " + tool.lines);
        } finally {
            tool.process.destroyForcibly();
        }
    }

    /** The newest JDK of version 25 or later under /usr/lib/jvm, or {@code explicit} when given. */
    static Optional<Path> jdk25(Optional<Path> explicit) throws IOException {
        if (explicit.isPresent()) return explicit;
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) return Optional.empty();
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(home -> Files.isExecutable(home.resolve("bin/java")) && !Files.isSymbolicLink(home))
                    .filter(home -> feature(home).orElse(0) >= 25)
                    .max(Comparator.comparingInt(home -> feature(home).orElse(0)));
        }
    }

    /** The JDK's feature version from its release file (starting a JVM to ask would cost a start-up). */
    static Optional<Integer> feature(Path home) {
        try {
            Matcher m = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)").matcher(Files.readString(home.resolve("release")));
            return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
