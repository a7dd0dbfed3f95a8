package dev.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The traced program, built with gcc: {@code target N} waits for a line on stdin, then calls
 * {@code sluice_target(x)} for x = 1..N in a tight loop and prints the sum of 2x + 1;
 * {@code target spin} calls it about once a millisecond until a line arrives on stdin, then prints
 * how many calls it made and the CLOCK_MONOTONIC time (ns) just before each call.
 */
final class TraceTarget {
    private TraceTarget() {}

    static final String SOURCE = String.join("\n",
            "#define _GNU_SOURCE",
            "#include <poll.h>",
            "#include <stdio.h>",
            "#include <stdlib.h>",
            "#include <string.h>",
            "#include <time.h>",
            "__attribute__((noinline)) int sluice_target(int x) { __asm__ volatile(\"\"); return 2 * x + 1; }",
            "static long now_ns(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000L + t.tv_nsec; }",
            "#define MAX_SPIN 1000000",
            "static long ts[MAX_SPIN];",
            "int main(int argc, char **argv) {",
            "  if (argc > 1 && strcmp(argv[1], \"spin\") == 0) {",
            "    struct pollfd p = { 0, POLLIN, 0 }; long n = 0; long s = 0;",
            "    while (n < MAX_SPIN) { ts[n] = now_ns(); s += sluice_target((int) n); n++; if (poll(&p, 1, 1) > 0) break; }",
            "    printf(\"%ld %ld\\n\", n, s); for (long i = 0; i < n; i++) printf(\"%ld\\n\", ts[i]); return 0;",
            "  }",
            "  int n = atoi(argv[1]); char line[8]; long s = 0;",
            "  if (!fgets(line, sizeof line, stdin)) return 1;",
            "  for (int i = 1; i <= n; i++) s += sluice_target(i);",
            "  printf(\"%ld\\n\", s); return 0;",
            "}", "");

    /** Builds {@code dir/target} (its comm is "target") with gcc -O1. */
    static Path build(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path source = dir.resolve("target.c");
        Files.writeString(source, SOURCE);
        Path binary = dir.resolve("target");
        Process gcc = new ProcessBuilder("gcc", "-O1", "-o", binary.toString(), source.toString()).inheritIO().start();
        if (gcc.waitFor() != 0) throw new IllegalStateException("gcc failed on " + source);
        return binary;
    }

    /** The sum the tight loop prints for N calls: sum of 2x + 1 over x = 1..N. */
    static long expectedSum(long n) {
        return n * (n + 1) + n;
    }
}
