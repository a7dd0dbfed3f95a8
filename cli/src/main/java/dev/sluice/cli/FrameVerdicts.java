package dev.sluice.cli;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.InterpretedProgram;
import dev.sluice.compiler.Verdicts;
import dev.sluice.runtime.Kernel;
import dev.sluice.runtime.KernelException;
import dev.sluice.runtime.LoadedProgram;
import dev.sluice.testing.ProgramRuns;
import dev.sluice.testing.RunOutcome;
import java.util.HashMap;
import java.util.Map;

/**
 * Verdicts of one frame at a time, apart from the run {@code sluice test} prints: shrinking a
 * violating frame tries many frames, which must not add to the printed counters. Each program gets its
 * own interpreter and, when asked, its own copy loaded into the kernel, both made on first use.
 */
final class FrameVerdicts implements AutoCloseable {
    private final Map<String, InterpretedProgram> interpreters = new HashMap<>();
    private final Map<String, LoadedProgram> loaded = new HashMap<>();

    /** {@code program}'s verdict name on {@code frame} in the interpreter; {@code error} when the run faults. */
    String interpreted(CompiledProgram program, byte[] frame) {
        return name(ProgramRuns.interpret(interpreters.computeIfAbsent(program.name(), n -> program.interpreter()), frame));
    }

    /** {@code program}'s verdict name on {@code frame} in the kernel; {@code error} when the test run refuses or fails it. */
    String kernel(CompiledProgram program, byte[] frame) {
        LoadedProgram p = loaded.get(program.name());
        if (p == null) {
            try {
                p = Kernel.load(program);
            } catch (KernelException e) {
                throw new CliFailure(ExitCodes.KERNEL_REFUSED, KernelRefusal.message(program, e));
            }
            loaded.put(program.name(), p);
        }
        return name(ProgramRuns.testRun(p, frame));
    }

    /** In the kernel when {@code kernel}, else in the interpreter. */
    String of(CompiledProgram program, byte[] frame, boolean kernel) {
        return kernel ? kernel(program, frame) : interpreted(program, frame);
    }

    private static String name(RunOutcome outcome) {
        return outcome instanceof RunOutcome.Ran ran ? Verdicts.name(ran.verdict()) : "error";
    }

    @Override
    public void close() {
        for (LoadedProgram p : loaded.values()) p.close();
        loaded.clear();
    }
}
