package dev.sluice.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code sluice test --expect E.jsonl}: the jsonl lines of an earlier run, compared line by line with
 * this run's. The difference prints as a unified-style diff of the differing lines, numbered.
 */
record Expectation(Path file, List<String> lines) {
    Expectation {
        lines = List.copyOf(lines);
    }

    /** Reads E; unreadable is bad input (exit 4). */
    static Expectation read(Path file) {
        try {
            return new Expectation(file, Files.readString(file, StandardCharsets.UTF_8).lines().toList());
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.BAD_INPUT, file + ": cannot read: " + Messages.of(e));
        }
    }

    /** Empty when {@code actual} equals the expected lines; else the header line and the diff, ready for stderr. */
    String diff(List<String> actual) {
        StringBuilder out = new StringBuilder();
        int differing = 0;
        for (int i = 0; i < Math.max(lines.size(), actual.size()); i++) {
            String want = i < lines.size() ? lines.get(i) : null;
            String got = i < actual.size() ? actual.get(i) : null;
            if (want != null && want.equals(got)) continue;
            differing++;
            out.append("@@ line ").append(i + 1).append(" @@\n");
            if (want != null) out.append('-').append(want).append('\n');
            if (got != null) out.append('+').append(got).append('\n');
        }
        if (differing == 0) return "";
        return "sluice: the output differs from " + file + " in " + differing + " line" + (differing == 1 ? "" : "s")
                + " (-expected, +this run)\n--- " + file + "\n+++ this run\n" + out;
    }
}
