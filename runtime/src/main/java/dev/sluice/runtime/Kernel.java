package dev.sluice.runtime;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.dsl.model.Hook;

/** Loads compiled programs into the kernel: {@code try (LoadedProgram p = Kernel.load(SluiceCompiler.compile(rules))) {...}}. */
public final class Kernel {
    private Kernel() {}

    /** Creates and fills the program's maps and loads it; the verifier's refusal is a {@link VerifierException}. */
    public static LoadedProgram load(CompiledProgram program) {
        return load(program, Interfaces::index);
    }

    /** As {@link #load(CompiledProgram)}, resolving redirect targets with {@code ifindexOf} (e.g. inside a namespace). */
    public static LoadedProgram load(CompiledProgram program, java.util.function.ToIntFunction<String> ifindexOf) {
        return new LoadedProgram(program, LoadedFilter.load(program.name(), programType(program.hook()), program.filter(), ifindexOf));
    }

    /**
     * The kernel program type a hook loads as: XDP, SCHED_CLS (tc), SOCKET_FILTER, CGROUP_SKB, CGROUP_DEVICE,
     * KPROBE (kprobes and uprobes), TRACEPOINT or PERF_EVENT (profile).
     */
    public static ProgramType programType(Hook hook) {
        if (hook instanceof Hook.Xdp) return ProgramType.XDP;
        if (hook instanceof Hook.Tc) return ProgramType.SCHED_CLS;
        if (hook instanceof Hook.Socket) return ProgramType.SOCKET_FILTER;
        if (hook instanceof Hook.Cgroup c) {
            return c.cgroupKind() == Hook.CgroupKind.DEVICE ? ProgramType.CGROUP_DEVICE : ProgramType.CGROUP_SKB;
        }
        // kprobes and uprobes are one program type: the perf event they are linked to makes the difference.
        if (hook instanceof Hook.Kprobe || hook instanceof Hook.Uprobe) return ProgramType.KPROBE;
        if (hook instanceof Hook.Tracepoint) return ProgramType.TRACEPOINT;
        if (hook instanceof Hook.Profile) return ProgramType.PERF_EVENT;
        throw new IllegalArgumentException(hook.kind() + " programs have no program type");
    }
}
