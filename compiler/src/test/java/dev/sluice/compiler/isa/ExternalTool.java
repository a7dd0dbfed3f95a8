package dev.sluice.compiler.isa;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a command line tool for a test and collects what it printed. */
final class ExternalTool {
    private ExternalTool() {}

    record Result(int exitCode, String out, String err) {}

    /** Runs the command; the test fails if it takes longer than two minutes. */
    static Result run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        // Both pipes are drained at once so that neither can fill up and block the tool.
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        String out = readAll(p.getInputStream());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in 120 s");
        }
        return new Result(p.exitValue(), out, err.join());
    }

    /** Runs the command and returns its output; the test fails if it exits non-zero or complains. */
    static String check(String... command) throws IOException, InterruptedException {
        Result r = run(command);
        if (r.exitCode() != 0 || !r.err().isBlank()) {
            fail(String.join(" ", command) + " exited with " + r.exitCode() + ":\n" + r.err());
        }
        return r.out();
    }

    private static String readAll(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
