package dev.sluice.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The training run {@code bin/sluice} makes its class-data sharing archive or AOT cache from, once
 * per build and JDK: the classes a cold start would load, in one JVM (an archive comes from one
 * process). Usage: {@code StartupTraining SCRATCH-DIRECTORY FILTER.ebpf [TRACE.ebpf]}. It compiles
 * the filter, as {@code sluice compile} does; that alone is the training of the cache that
 * {@code compile} and {@code check} use, which never touches the kernel. Given a trace script, it
 * also compiles that, probes the kernel as {@code sluice probe} does, and runs a script of its own
 * for 50 ms as {@code sluice run --duration 0.05} does: loading, attaching, reading counters and
 * detaching, the classes of the first {@code bpf()} on the way (without root it stops at the first
 * refusal, the classes loaded by then). Its two counters cover both ways a trace hook is found, a
 * tracepoint (getpid) and a uprobe (the symbol read from an ELF file): the uprobe is on
 * {@code JLI_ManifestIterate} of this JDK's {@code libjli.so}, which the launcher's JVMs never call
 * (they start without {@code -jar}), so a first start as root counts nothing on any shared binary
 * and prints nothing per event. It runs that script, not the trace script given, for that reason, and then the object compiled from it, as {@code sluice run FILE.o} does. What the commands print is discarded by the launcher, and what they
 * exit with does not matter.
 */
final class StartupTraining {
    private StartupTraining() {}

    public static void main(String[] args) throws Exception {
        Path scratch = Files.createDirectories(Path.of(args[0]));
        Main.run("compile", args[1], "-o", scratch.resolve("filter.o").toString());
        if (args.length > 2) {
            Main.run("compile", args[2], "-o", scratch.resolve("trace.o").toString());
            Main.run("probe", "--format", "json");
            Path libjli = Path.of(System.getProperty("java.home"), "lib", "libjli.so");
            Path counter = Files.writeString(scratch.resolve("training.ebpf"),
                    "tracepoint syscalls:sys_enter_getpid {\n    count calls\n}\n"
                            + (Files.isRegularFile(libjli) ? "uprobe \"" + libjli + "\" JLI_ManifestIterate {\n    count calls by comm\n}\n" : ""));
            Main.run("run", counter.toString(), "--duration", "0.05");
            // An object sluice compile wrote runs through the ELF reader and the check that its
            // source compiles to the same sections; without this, its first run opens the jar for them.
            Path object = scratch.resolve("training.o");
            Main.run("compile", counter.toString(), "-o", object.toString());
            Main.run("run", object.toString(), "--duration", "0.05");
        }
    }
}
