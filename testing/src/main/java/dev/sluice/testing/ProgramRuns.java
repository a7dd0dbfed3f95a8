package dev.sluice.testing;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.InterpretedProgram;
import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.dsl.model.Hook;
import dev.sluice.dsl.model.Program;
import dev.sluice.runtime.BpfException;
import dev.sluice.runtime.Kernel;
import dev.sluice.runtime.LoadedProgram;
import dev.sluice.runtime.TestRunLimits;

/**
 * A program's runs on frames: in the interpreter (anywhere), or in the kernel through
 * BPF_PROG_TEST_RUN (where bpf() is allowed: see {@link KernelTests}). Both back ends are the
 * compiler's {@code RunningProgram}: verdicts, counters and live sets.
 */
public final class ProgramRuns {
    private ProgramRuns() {}

    /** Compiles one program; a mistake in it is the compiler's {@code CompileException} with every diagnostic. */
    public static CompiledProgram compile(Program program) {
        return SluiceCompiler.compile(program);
    }

    /** The program running in the JVM with fresh maps: its counters accumulate over runs. */
    public static InterpretedProgram interpreter(Program program) {
        return compile(program).interpreter();
    }

    /** The program loaded into the kernel; the caller closes it, which releases the program and its maps. */
    public static LoadedProgram kernel(Program program) {
        return Kernel.load(compile(program));
    }

    /** The interpreter's outcome on {@code frame}: a verdict, or a failure when the run faults. */
    public static RunOutcome interpret(InterpretedProgram program, byte[] frame) {
        try {
            return new RunOutcome.Ran(program.run(frame));
        } catch (RuntimeException e) {
            // The interpreter's own faults are of its internal package; every one is a failed run.
            return new RunOutcome.Failed(String.valueOf(e.getMessage()));
        }
    }

    /** The kernel's outcome on {@code frame}: a verdict, a refusal of the frame, or a bpf() failure. */
    public static RunOutcome testRun(LoadedProgram program, byte[] frame) {
        var refusal = TestRunLimits.refusal(program.program().type(), frame);
        if (refusal.isPresent()) return new RunOutcome.Refused(refusal.get());
        try {
            return new RunOutcome.Ran(program.testRun(frame));
        } catch (BpfException | IllegalStateException e) {
            return new RunOutcome.Failed(e.getMessage());
        }
    }

    /** Whether programs of {@code hook} run on frames (xdp, tc, socket, cgroup ingress and egress). */
    public static boolean runsOnFrames(Hook hook) {
        return hook instanceof Hook.Xdp || hook instanceof Hook.Tc || hook instanceof Hook.Socket
                || hook instanceof Hook.Cgroup c && c.cgroupKind() != Hook.CgroupKind.DEVICE;
    }
}
