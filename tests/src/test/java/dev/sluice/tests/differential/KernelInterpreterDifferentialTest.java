package dev.sluice.tests.differential;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.testing.KernelTests;
import dev.sluice.compiler.interp.Context;
import dev.sluice.compiler.interp.Interpreter;
import dev.sluice.compiler.interp.RunResult;
import dev.sluice.compiler.isa.Code;
import dev.sluice.runtime.BpfProgram;
import dev.sluice.runtime.LoadRequest;
import dev.sluice.runtime.ProgramType;
import dev.sluice.runtime.TestRunResult;
import dev.sluice.runtime.VerifierException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The interpreter against the kernel: random programs (ALU64/ALU32, JMP/JMP32, byte swaps, stack
 * loads and stores, atomics; and packet loads behind a bounds check on random packets) run as XDP
 * programs through BPF_PROG_TEST_RUN and in the interpreter; the 32-bit return values, into which
 * every register and the used stack are folded, must be equal. Every program must also pass the
 * verifier. A difference shrinks to a minimal program.
 */
class KernelInterpreterDifferentialTest extends RandomProgramProviders {
    static final AtomicLong PROGRAMS = new AtomicLong();
    static final AtomicLong RUNS = new AtomicLong();

    @BeforeContainer
    static void kernel() {
        KernelTests.requireBpf();
    }

    @AfterContainer
    static void report() {
        System.out.println("differential: " + PROGRAMS.get() + " programs, " + RUNS.get()
                + " kernel/interpreter runs compared");
    }

    @Property(tries = 4000)
    void registersAndStackAgree(@ForAll("registerPrograms") RandomProgram program) {
        compare(program, List.of(new byte[64]));
    }

    @Property(tries = 2000)
    void packetLoadsAgree(@ForAll("packetPrograms") RandomProgram program,
                          @ForAll("packets") byte[] first, @ForAll("packets") byte[] second) {
        compare(program, List.of(first, second, new byte[14]));
    }

    private static void compare(RandomProgram program, List<byte[]> packets) {
        Code code = program.compile();
        PROGRAMS.incrementAndGet();
        try (BpfProgram loaded = BpfProgram.load(LoadRequest.of("differential", ProgramType.XDP, code))) {
            Interpreter interpreter = new Interpreter(code);
            for (byte[] packet : packets) {
                TestRunResult kernel = loaded.testRun(packet);
                RunResult jvm = interpreter.run(Context.Xdp.of(packet));
                RUNS.incrementAndGet();
                assertEquals(kernel.retval(), jvm.retval(), () -> "kernel and interpreter differ on\n" + listing(code));
            }
        } catch (VerifierException e) {
            fail("the verifier rejected a generated program: " + e.getMessage() + "\n" + listing(code) + "\n" + e.log());
        }
    }

    static String listing(Code code) {
        return dev.sluice.compiler.isa.Disassembler.listing(code);
    }
}
