package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.fail;

import dev.sluice.runtime.AppliedRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code sluice} command in a process of its own (a run that lasts, one that gets signals, one
 * with another environment), its stderr in a file to wait on, its stdout in another. Closing it stops it (SIGTERM, then
 * SIGKILL) and removes what a {@code run --watch} of it applied, so a failing test leaves nothing
 * in the kernel.
 */
final class SluiceProcess implements AutoCloseable {
    private final Process process;
    private final Path stderr;
    private final Path root;

    private SluiceProcess(Process process, Path stderr, Path root) {
        this.process = process;
        this.stderr = stderr;
        this.root = root;
    }

    /** Starts {@code sluice ARGS} with {@code env} added to the environment; stderr goes to {@code stderr}. */
    static SluiceProcess start(Path stderr, Map<String, String> env, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile())
                .redirectOutput(stdout(stderr).toFile());
        builder.environment().putAll(env);
        Path root = Path.of(env.getOrDefault(AppliedRoot.VARIABLE, AppliedRules.ROOT.toString()));
        return new SluiceProcess(builder.start(), stderr, root);
    }

    /** Runs {@code sluice ARGS} to its end (at most a minute); its exit code and stderr. */
    static MainTest.Outcome run(Path stderr, Map<String, String> env, String... args) throws Exception {
        try (SluiceProcess p = start(stderr, env, args)) {
            if (!p.process.waitFor(60, TimeUnit.SECONDS)) fail("sluice " + String.join(" ", args) + " did not end");
            return new MainTest.Outcome(p.process.exitValue(), "", p.err());
        }
    }

    /** Where standard output goes: beside {@code stderr}, {@code .out} added. */
    private static Path stdout(Path stderr) {
        return stderr.resolveSibling(stderr.getFileName() + ".out");
    }

    String out() throws IOException {
        return Files.readString(stdout(stderr));
    }

    long pid() {
        return process.pid();
    }

    /** The name {@code run --watch} applies its rules under. */
    String runName() {
        return "run-" + process.pid();
    }

    String err() throws IOException {
        return Files.readString(stderr);
    }

    /** Waits until stderr holds {@code text} {@code times} times; what stderr holds then. */
    String awaitErr(String text, int times, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String now = err();
            if (count(now, text) >= times) return now;
            if (!process.isAlive()) fail("sluice ended (" + process.exitValue() + ") before saying " + text + ":\n" + now);
            Thread.sleep(20);
        }
        return fail("no " + text + " (x" + times + ") within " + seconds + " s:\n" + err());
    }

    static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) n++;
        return n;
    }

    boolean alive() {
        return process.isAlive();
    }

    void signal(String name) {
        dev.sluice.runtime.testing.Shell.run("kill", "-" + name, Long.toString(process.pid()));
    }

    /** Waits for the process to end by itself (or by a signal sent); its exit code. */
    int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) fail("sluice did not end within " + seconds + " s");
        return process.exitValue();
    }

    /** SIGTERM and the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) fail("sluice did not stop on SIGTERM");
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(15, TimeUnit.SECONDS);
            }
        }
        // A run killed before its own cleanup leaves its rules pinned: they go here.
        AppliedRules.remove(root, runName());
    }
}
