package dev.sluice.runtime.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs set-up commands for tests (ip, tc, bash) with a time limit, failing loudly with their output. */
public final class Shell {
    private Shell() {}

    public record Result(int exitCode, String output) {}

    public static String run(String... command) {
        Result r = tryRun(command);
        if (r.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + r.exitCode() + ": " + r.output());
        }
        return r.output();
    }

    /**
     * {@code bpftool link show}, listed again (up to 10 times) when a link vanished while bpftool
     * walked the ids ("can't get link by id ...: Resource temporarily unavailable"): any process on
     * the machine detaching at that moment causes it, not only the test asking.
     */
    public static String bpftoolLinks() {
        Result r = tryRun("bpftool", "link", "show");
        for (int i = 0; i < 10 && r.exitCode() != 0 && r.output().contains("can't get link by id"); i++) {
            r = tryRun("bpftool", "link", "show");
        }
        if (r.exitCode() != 0) throw new IllegalStateException("bpftool link show exited " + r.exitCode() + ": " + r.output());
        return r.output();
    }

    public static Result tryRun(String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 60 s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command[0] + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command[0], e);
        }
    }
}
