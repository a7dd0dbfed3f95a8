package dev.sluice.runtime.testing;

import dev.sluice.compiler.testing.Requirements;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small program built with gcc for uprobe tests: it waits for a line on stdin, then calls
 * {@code int sluice_target(int x)} (returning 2x + 1) for x = 1..N, prints the sum and exits.
 */
public final class TargetBinary {
    private TargetBinary() {}

    public static Path build(Path dir) {
        String gcc = Requirements.tool("gcc", "gcc");
        try {
            Path source = dir.resolve("target.c");
            Files.writeString(source, String.join("\n",
                    "#include <stdio.h>",
                    "#include <stdlib.h>",
                    "__attribute__((noinline)) int sluice_target(int x) { __asm__ volatile(\"\"); return 2 * x + 1; }",
                    "int main(int argc, char **argv) {",
                    "  int n = atoi(argv[1]); char line[8]; long s = 0;",
                    "  if (!fgets(line, sizeof line, stdin)) return 1;",
                    "  for (int i = 1; i <= n; i++) s += sluice_target(i);",
                    "  printf(\"%ld\\n\", s); return 0;",
                    "}", ""));
            Path binary = dir.resolve("target");
            Shell.run(gcc, "-O1", "-o", binary.toString(), source.toString());
            return binary;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the target source: " + e.getMessage(), e);
        }
    }

    /** Starts a process that waits for {@link #release}. */
    public static Process start(String... command) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command[0] + ": " + e.getMessage(), e);
        }
    }

    /** Lets a waiting process go on, and returns its output once it exits. */
    public static String release(Process p) {
        try {
            p.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException("child did not finish");
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot talk to the child: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
