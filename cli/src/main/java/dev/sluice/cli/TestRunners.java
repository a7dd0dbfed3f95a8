package dev.sluice.cli;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.CounterValue;
import dev.sluice.compiler.InterpretedProgram;
import dev.sluice.compiler.Verdicts;
import dev.sluice.runtime.BpfException;
import dev.sluice.runtime.Kernel;
import dev.sluice.runtime.KernelException;
import dev.sluice.runtime.LoadedProgram;
import dev.sluice.runtime.TestRunLimits;
import dev.sluice.runtime.TestRunRequest;
import dev.sluice.runtime.TestRunResult;
import java.util.List;
import java.util.Optional;

/** The back ends of {@code sluice test}'s printed run: the interpreter, or BPF_PROG_TEST_RUN with an optional repeat count. */
final class TestRunners {
    private TestRunners() {}

    /** One program's verdict on one packet: a verdict name, or an error (only the kernel refuses packets). */
    record Result(String verdict, String error, Double ns) {}

    /** A back end: runs packets through one program. */
    interface Runner extends AutoCloseable {
        Result run(byte[] frame);

        List<CounterValue> counters();

        @Override
        void close();
    }

    static Runner interpreter(CompiledProgram p) {
        InterpretedProgram program = p.interpreter();
        return new Runner() {
            public Result run(byte[] frame) {
                return new Result(Verdicts.name(program.run(frame)), null, null);
            }

            public List<CounterValue> counters() {
                return program.counters();
            }

            public void close() {}
        };
    }

    /** {@code p} loaded into the kernel; {@code repeat} runs each packet that many times and reports the cost per run. */
    static Runner kernel(CompiledProgram p, Integer repeat) {
        LoadedProgram loaded;
        try {
            loaded = Kernel.load(p);
        } catch (KernelException e) {
            throw new CliFailure(ExitCodes.KERNEL_REFUSED, KernelRefusal.message(p, e));
        }
        int times = repeat == null ? 1 : repeat;
        return new Runner() {
            public Result run(byte[] frame) {
                Optional<String> refusal = TestRunLimits.refusal(loaded.program().type(), frame);
                if (refusal.isPresent()) return new Result("error", refusal.get(), null);
                long start = System.nanoTime();
                TestRunResult r;
                try {
                    r = loaded.program().testRun(TestRunRequest.of(frame).repeat(times));
                } catch (BpfException e) {
                    return new Result("error", e.getMessage(), null);
                }
                long elapsed = System.nanoTime() - start;
                return new Result(Verdicts.name(loaded.verdictOf(r)), null, repeat == null ? null : (double) elapsed / times);
            }

            public List<CounterValue> counters() {
                return loaded.counters();
            }

            public void close() {
                loaded.close();
            }
        };
    }
}
