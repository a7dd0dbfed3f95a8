package dev.sluice.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The training run {@code bin/sluice} makes its class-data sharing archive or AOT cache from, once
 * per build: the classes a cold start would load, in one JVM (an archive comes from one process).
 * Usage: {@code StartupTraining SCRATCH-DIRECTORY FILTER.ebpf [TRACE.ebpf]}. It compiles the
 * filter, as {@code sluice compile} does; given a trace script, it compiles that too and then
 * probes the kernel, as {@code sluice probe} does, which binds libc and loads the runtime's
 * system-call layer on the way to every {@code bpf()} (without root it stops at the first refusal,
 * the classes loaded by then). A compile's cache is trained without the second part: an AOT cache
 * loads every class it holds at start. What the commands print is discarded by the launcher, and
 * what they exit with does not matter.
 */
final class StartupTraining {
    private StartupTraining() {}

    public static void main(String[] args) throws Exception {
        Path scratch = Files.createDirectories(Path.of(args[0]));
        Main.run("compile", args[1], "-o", scratch.resolve("filter.o").toString());
        if (args.length > 2) {
            Main.run("compile", args[2], "-o", scratch.resolve("trace.o").toString());
            Main.run("probe", "--format", "json");
        }
    }
}
