package dev.sluice.testing;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.CounterValue;
import dev.sluice.compiler.InterpretedProgram;
import dev.sluice.dsl.model.Program;
import dev.sluice.runtime.Kernel;
import dev.sluice.runtime.LoadedProgram;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.opentest4j.AssertionFailedError;

/**
 * One program in the interpreter and in the kernel side by side, to check that both give every frame
 * the same verdict and end with the same counters:
 * <pre>{@code
 * try (Agreement both = Agreement.of(firewall)) {
 *     both.assertAgrees(frame);
 * }
 * }</pre>
 * It owns the kernel program and closes it. Needs bpf() ({@link KernelTest}).
 */
public final class Agreement implements AutoCloseable {
    private final CompiledProgram interpreted;
    private final InterpretedProgram interpreter;
    private final LoadedProgram kernel;

    private Agreement(CompiledProgram interpreted, LoadedProgram kernel) {
        this.interpreted = interpreted;
        this.interpreter = interpreted.interpreter();
        this.kernel = kernel;
    }

    /** Compiles {@code program} and loads it into the kernel, beside a fresh interpreter of it. */
    public static Agreement of(Program program) {
        return of(ProgramRuns.compile(program));
    }

    /** A compiled packet program in both back ends; a program that does not run on frames is an {@link IllegalArgumentException}. */
    public static Agreement of(CompiledProgram program) {
        return between(program, program);
    }

    /**
     * Two programs that should behave alike: {@code interpreted} runs in the JVM and {@code loaded} in
     * the kernel. For comparing a program with a rewrite of it, or for showing that a wrong program is
     * caught.
     */
    public static Agreement between(CompiledProgram interpreted, CompiledProgram loaded) {
        for (CompiledProgram p : List.of(interpreted, loaded)) {
            if (!ProgramRuns.runsOnFrames(p.hook())) {
                throw new IllegalArgumentException(p.name() + " is a " + p.hook().kind() + " program, which runs on no frames");
            }
        }
        return new Agreement(interpreted, Kernel.load(loaded));
    }

    /** The interpreter half, for its counters and sets. */
    public InterpretedProgram interpreter() {
        return interpreter;
    }

    /** The kernel half, for its counters and sets. */
    public LoadedProgram kernel() {
        return kernel;
    }

    /** Runs {@code frame} in both and compares the outcomes. */
    public Comparison compare(Frame frame) {
        byte[] bytes = frame.bytes();
        RunOutcome inKernel = ProgramRuns.testRun(kernel, bytes);
        // A frame the kernel refuses counts nowhere there; a throw-away interpreter keeps the two sets of counters comparable.
        InterpretedProgram runner = inKernel instanceof RunOutcome.Refused ? interpreted.interpreter() : interpreter;
        return new Comparison(frame, ProgramRuns.interpret(runner, bytes), inKernel);
    }

    /** Runs the frame's bytes in both and compares the outcomes. */
    public Comparison compare(byte[] frame) {
        return compare(Frame.of(frame));
    }

    /** Fails, with the frame and both outcomes in the message, unless both give {@code frame} the same verdict. */
    public Comparison assertAgrees(Frame frame) {
        Comparison c = compare(frame);
        if (!c.agrees()) {
            throw new AssertionFailedError(kernel.compiled().name() + ": the interpreter and the kernel disagree on a frame\n" + c.describe(),
                    c.interpreter().describe(), c.kernel().describe());
        }
        return c;
    }

    /** As {@link #assertAgrees(Frame)}, for the frame's bytes. */
    public Comparison assertAgrees(byte[] frame) {
        return assertAgrees(Frame.of(frame));
    }

    /** Fails unless both hold the same counters with the same values (frames the kernel refused count in neither). */
    public void assertCountersAgree() {
        Set<CounterValue> inJvm = new HashSet<>(interpreter.counters());
        Set<CounterValue> inKernel = new HashSet<>(kernel.counters());
        if (!inJvm.equals(inKernel)) {
            throw new AssertionFailedError(kernel.compiled().name() + ": the interpreter's and the kernel's counters differ",
                    sorted(inJvm), sorted(inKernel));
        }
    }

    private static List<String> sorted(Set<CounterValue> counters) {
        return counters.stream().map(CounterValue::toString).sorted().toList();
    }

    /** One-shot: loads {@code program}, checks that both agree on every frame, then on the counters, and closes it. */
    public static void assertAgree(Program program, List<Frame> frames) {
        try (Agreement both = of(program)) {
            for (Frame f : frames) both.assertAgrees(f);
            both.assertCountersAgree();
        }
    }

    /** Releases the kernel program and its maps. */
    @Override
    public void close() {
        kernel.close();
    }
}
