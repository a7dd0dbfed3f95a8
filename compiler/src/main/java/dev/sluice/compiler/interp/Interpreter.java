package dev.sluice.compiler.interp;

import dev.sluice.compiler.isa.Code;
import java.util.List;

/**
 * Runs eBPF code in the JVM with the kernel's semantics (ISA v1 to v4) and the verifier's memory
 * model: a 512-byte stack per frame, the context's fields, the packet between data and data_end,
 * map values and ring-buffer records; anything else stops the run with an
 * {@link InterpreterException} naming the pc. The code is decoded once into flat arrays; a run
 * allocates only its memory regions.
 *
 * <p>In code that is not loaded yet, a 64-bit load with source MAP_FD carries an index into the
 * {@code maps} list given here (the compiler's convention), not a file descriptor.
 */
public final class Interpreter {
    private final DecodedProgram program;

    /** Decodes {@code code} once; its map loads refer to {@code maps} by index. */
    public Interpreter(Code code, List<InterpMap> maps) {
        this.program = new DecodedProgram(code, maps);
    }

    /** Decodes {@code code}, which uses no maps. */
    public Interpreter(Code code) {
        this(code, List.of());
    }

    /** One run of map-less {@code code} on {@code context} in the default environment. */
    public static RunResult run(Code code, Context context) {
        return new Interpreter(code).run(context);
    }

    /** One run on {@code context} in the default environment; maps keep their contents between runs. */
    public RunResult run(Context context) {
        return run(context, Environment.DEFAULT);
    }

    /** One run on {@code context} with the clock, task and budget of {@code environment}. */
    public RunResult run(Context context, Environment environment) {
        return new Run(program, context, environment).execute();
    }

    /** The maps the code uses, by index, live: a run's updates show in them. */
    public List<InterpMap> maps() {
        return program.maps;
    }
}
