package dev.sluice.tests.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/sluice} in a copy of the project's layout (the launcher, the built jar, the examples it
 * trains on, a pom and a source file), with a stand-in {@code mvn} that records that it was called
 * and fails: the launcher runs the jar without building while no source is newer than it, makes its
 * class caches on first use and starts with them (a compile's for compile; for the commands that
 * reach the kernel one with the runtime's classes too), takes a JDK 25+ from /usr/lib/jvm when
 * JAVA_HOME is not set, and tries to build when a source is newer. 10-30 s on 2 CPUs (three
 * training runs and six starts); no kernel needed (without root the training's probe and run are
 * refused, by which time the runtime's classes are loaded).
 */
class LauncherTest {
    private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path root;

    private Path source;

    @BeforeEach
    void copyTheLayout() throws IOException {
        Path jar = PROJECT.resolve("cli/target/sluice.jar");
        assertTrue(Files.isRegularFile(jar), jar + " is missing: build it with mvn package (or verify) -pl cli -am");
        copy(PROJECT.resolve("bin/sluice"), root.resolve("bin/sluice"));
        copy(PROJECT.resolve("examples/firewall.ebpf"), root.resolve("examples/firewall.ebpf"));
        copy(PROJECT.resolve("examples/trace.ebpf"), root.resolve("examples/trace.ebpf"));
        Files.writeString(root.resolve("pom.xml"), "<project/>\n");
        source = root.resolve("module/src/main/java/A.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class A {}\n");
        FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
        Files.setLastModifiedTime(root.resolve("pom.xml"), old);
        Files.setLastModifiedTime(source, old);
        copy(jar, root.resolve("cli/target/sluice.jar"));
        Files.setLastModifiedTime(root.resolve("cli/target/sluice.jar"), FileTime.fromMillis(System.currentTimeMillis()));
        Path mvn = root.resolve("fakebin/mvn");
        Files.createDirectories(mvn.getParent());
        Files.writeString(mvn, "#!/bin/sh\necho \"$@\" >> '" + root.resolve("mvn-called") + "'\nexit 1\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(root.resolve("S.ebpf"), "xdp { when tcp.dport == 22 { drop } }\n");
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
    }

    private record Run(int exitCode, String stderr) {}

    private Run sluice(Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(root.resolve("bin/sluice").toString()));
        command.addAll(List.of(args));
        Path err = Files.createTempFile(root, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                .redirectErrorStream(false).redirectError(err.toFile()).redirectOutput(root.resolve("stdout.txt").toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("PATH", root.resolve("fakebin") + ":" + System.getenv("PATH"));
        builder.environment().remove("SLUICE_JAVA_OPTS");
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("bin/sluice " + String.join(" ", args) + " did not end");
        }
        return new Run(process.exitValue(), Files.readString(err));
    }

    /** Which classes of {@code names} the JVM took from its class cache, per -Xlog:class+load. */
    private static void assertFromCache(Path log, String... names) throws IOException {
        List<String> lines = Files.readAllLines(log);
        for (String name : names) {
            assertTrue(lines.stream().anyMatch(l -> l.contains(" " + name + " source: shared objects file")),
                    name + " was not loaded from the class cache:\n" + String.join("\n", lines.stream().filter(l -> l.contains(name)).toList()));
        }
    }

    @Test
    void runsTheJarWithItsClassCacheWithoutBuilding() throws Exception {
        Run first = sluice(Map.of(), "compile", "S.ebpf", "-o", "first.o");
        assertEquals(0, first.exitCode(), first.stderr());
        assertFalse(Files.exists(root.resolve("mvn-called")), "the launcher tried to build");
        try (var caches = Files.list(root.resolve("cli/target"))) {
            assertTrue(caches.anyMatch(p -> p.toString().endsWith(".jsa") || p.toString().endsWith(".aot")), "no class cache was made");
        }
        Path log = root.resolve("compile-classes.log");
        Run second = sluice(Map.of("SLUICE_JAVA_OPTS", "-Xlog:class+load:file=" + log), "compile", "S.ebpf", "-o", "second.o");
        assertEquals(0, second.exitCode(), second.stderr());
        assertEquals(-1L, Files.mismatch(root.resolve("first.o"), root.resolve("second.o")));
        assertFromCache(log, "dev.sluice.cli.Main", "dev.sluice.cli.CompileCommand");
        Path probeLog = root.resolve("probe-classes.log");
        sluice(Map.of("SLUICE_JAVA_OPTS", "-Xlog:class+load:file=" + probeLog), "probe", "--format", "json");
        assertFromCache(probeLog, "dev.sluice.runtime.sys.Native", "dev.sluice.runtime.sys.LibC");
    }

    /**
     * Without JAVA_HOME the launcher takes the newest full JDK 25+ under /usr/lib/jvm, and keeps its
     * AOT cache under that JDK's version. Skipped where no such JDK is installed.
     */
    @Test
    void withoutJavaHomeItTakesAJdk25FromUsrLibJvm() throws Exception {
        String newest = newestJdk25Version();
        Assumptions.assumeTrue(newest != null, "no JDK 25 or later (with javac) under /usr/lib/jvm");
        Run run = sluice(Map.of("JAVA_HOME", ""), "compile", "S.ebpf", "-o", "jdk25.o");
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(Files.isRegularFile(root.resolve("cli/target/sluice-jdk" + newest + "-compile.aot")),
                "no AOT cache for JDK " + newest);
        Run again = sluice(Map.of("JAVA_HOME", ""), "compile", "S.ebpf", "-o", "again.o");
        assertEquals(0, again.exitCode(), again.stderr());
        assertEquals(-1L, Files.mismatch(root.resolve("jdk25.o"), root.resolve("again.o")));
    }

    /** The version of the JDK the launcher should pick, read as it reads it; null when there is none. */
    private static String newestJdk25Version() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) return null;
        String best = null;
        int bestFeature = 0;
        try (var homes = Files.list(jvms)) {
            for (Path home : homes.sorted().toList()) {
                if (!Files.isExecutable(home.resolve("bin/java")) || !Files.isExecutable(home.resolve("bin/javac"))) continue;
                if (!Files.isReadable(home.resolve("release"))) continue;
                var m = java.util.regex.Pattern.compile("(?m)^JAVA_VERSION=\"([0-9][0-9.]*)").matcher(Files.readString(home.resolve("release")));
                if (!m.find()) continue;
                int feature = Integer.parseInt(m.group(1).split("\\.")[0]);
                if (feature >= 25 && feature > bestFeature) {
                    bestFeature = feature;
                    best = m.group(1);
                }
            }
        }
        return best;
    }

    @Test
    void aSourceNewerThanTheJarMeansABuild() throws Exception {
        Files.setLastModifiedTime(source, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        Run run = sluice(Map.of(), "compile", "S.ebpf", "-o", "out.o");
        assertEquals(1, run.exitCode(), run.stderr());
        assertTrue(run.stderr().contains("sluice: the build failed"), run.stderr());
        assertTrue(Files.readString(root.resolve("mvn-called")).contains("package -pl cli -am"));
        assertFalse(Files.exists(root.resolve("out.o")));
    }
}
