package dev.sluice.runtime;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.hooks.Target;
import dev.sluice.dsl.model.Hook;

/** Loads compiled programs into the kernel: {@code try (LoadedProgram p = Kernel.load(SluiceCompiler.compile(rules))) {...}}. */
public final class Kernel {
    private Kernel() {}

    /**
     * Readies the native layer every kernel call goes through (jffi's library found and loaded, libc's
     * functions bound) now rather than at the first call, so that a caller can have it done on another
     * thread while it does other work. Calls after the first return at once.
     */
    public static void initialize() {
        dev.sluice.runtime.sys.Native.libc();
    }

    /** Creates and fills the program's maps and loads it; the verifier's refusal is a {@link VerifierException}. */
    public static LoadedProgram load(CompiledProgram program) {
        return load(program, Interfaces::index);
    }

    /** As {@link #load(CompiledProgram)}, resolving redirect targets with {@code ifindexOf} (e.g. inside a namespace). */
    public static LoadedProgram load(CompiledProgram program, java.util.function.ToIntFunction<String> ifindexOf) {
        return new LoadedProgram(program, LoadedFilter.load(program.name(), programType(program.hook()), program.image(), ifindexOf));
    }

    /**
     * The kernel program type a hook loads as: XDP, SCHED_CLS (tc), SOCKET_FILTER, CGROUP_SKB, CGROUP_DEVICE,
     * KPROBE (kprobes and uprobes), TRACEPOINT or PERF_EVENT (profile).
     */
    public static ProgramType programType(Hook hook) {
        return ProgramType.of(Target.of(hook).programKind());
    }
}
