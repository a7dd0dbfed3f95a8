package dev.sluice.bench;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.compiler.CounterValue;
import dev.sluice.dsl.model.Program;
import dev.sluice.grammar.Scripts;
import dev.sluice.runtime.Kernel;
import dev.sluice.runtime.Link;
import dev.sluice.runtime.LoadedProgram;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Sluice side of the compile-to-attach measurement, run as a fresh JVM so that JVM start-up is
 * counted as bpftrace's process start is: reads a one-program trace script, parses, compiles,
 * loads and attaches it (on every process running the binary, as bpftrace does), prints
 * {@code attached parse=NS compile=NS load=NS attach=NS} (nanoseconds of each step), waits for a
 * line on stdin, then prints one {@code counter NAME KEY VALUE} line per counter and exits.
 */
public final class TraceAttachChild {
    private TraceAttachChild() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String text = Files.readString(file);
        long t0 = System.nanoTime();
        Scripts.Result result = Scripts.parse(text, file.getFileName().toString(), Path.of("."));
        if (!result.ok()) throw new IllegalStateException(result.render());
        List<Program> programs = result.script().orElseThrow().programs();
        long t1 = System.nanoTime();
        List<CompiledProgram> compiled = SluiceCompiler.compile(programs);
        long t2 = System.nanoTime();
        try (LoadedProgram loaded = Kernel.load(compiled.get(0))) {
            long t3 = System.nanoTime();
            try (Link link = loaded.attachProbe()) {
                long t4 = System.nanoTime();
                System.out.println("attached parse=" + (t1 - t0) + " compile=" + (t2 - t1) + " load=" + (t3 - t2) + " attach=" + (t4 - t3));
                System.out.flush();
                new BufferedReader(new InputStreamReader(System.in)).readLine();
            }
            for (CounterValue c : loaded.counters()) {
                System.out.println("counter " + c.name() + " " + c.key().map(Object::toString).orElse("-") + " " + c.value());
            }
        }
    }
}
