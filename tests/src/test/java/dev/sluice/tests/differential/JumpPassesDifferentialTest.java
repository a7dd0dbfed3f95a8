package dev.sluice.tests.differential;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.interp.Context;
import dev.sluice.compiler.interp.Interpreter;
import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.isa.JumpPasses;
import dev.sluice.runtime.BpfProgram;
import dev.sluice.runtime.LoadRequest;
import dev.sluice.runtime.ProgramType;
import dev.sluice.runtime.VerifierException;
import dev.sluice.testing.KernelTests;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The passes over labelled code ({@link JumpPasses}: threading, tail copies, decided jumps, dead
 * writes and stack stores, sinking, register colouring) on random programs: the program after them
 * must return what it returned before, in the interpreter, and the kernel must accept it and agree.
 * The programs branch, move values between all ten registers, use the stack and (some) load packet
 * bytes behind a bounds check, so register webs split and join, slots are stored and reloaded and
 * loads meet jumps whose other side does not read them.
 */
class JumpPassesDifferentialTest extends RandomProgramProviders {
    static final AtomicLong PROGRAMS = new AtomicLong();
    static final AtomicLong CHANGED = new AtomicLong();
    static final AtomicLong RENAMED = new AtomicLong();

    @BeforeContainer
    static void kernel() {
        KernelTests.requireBpf();
    }

    @AfterContainer
    static void report() {
        System.out.println("passes: " + PROGRAMS.get() + " programs, " + CHANGED.get() + " changed by the passes, "
                + RENAMED.get() + " of them with a register of the program's epilogue renamed");
    }

    @Property(tries = 2000)
    void registersAndStackKeepTheirResult(@ForAll("registerPrograms") RandomProgram program) {
        compare(program, List.of(new byte[64]));
    }

    @Property(tries = 1000)
    void packetLoadsKeepTheirResult(@ForAll("packetPrograms") RandomProgram program,
                                    @ForAll("packets") byte[] first, @ForAll("packets") byte[] second) {
        compare(program, List.of(first, second, new byte[14]));
    }

    private static void compare(RandomProgram program, List<byte[]> packets) {
        Code before = program.compile();
        Code after = program.compile(JumpPasses::apply);
        PROGRAMS.incrementAndGet();
        if (!after.instructions().equals(before.instructions())) CHANGED.incrementAndGet();
        // The epilogue folds r1-r9 into r0 in order: renamed registers show there.
        if (!tail(after).equals(tail(before))) RENAMED.incrementAndGet();
        String listings = "before\n" + KernelInterpreterDifferentialTest.listing(before) + "\nafter\n"
                + KernelInterpreterDifferentialTest.listing(after);
        try (BpfProgram loaded = BpfProgram.load(LoadRequest.of("passes", ProgramType.XDP, after))) {
            for (byte[] packet : packets) {
                long expected = new Interpreter(before).run(Context.Xdp.of(packet)).retval();
                assertEquals(expected, new Interpreter(after).run(Context.Xdp.of(packet)).retval(), () -> "the passes changed the result\n" + listings);
                assertEquals(expected, loaded.testRun(packet).retval(), () -> "the kernel differs after the passes\n" + listings);
            }
        } catch (VerifierException e) {
            fail("the verifier rejected a program after the passes: " + e.getMessage() + "\n" + listings + "\n" + e.log());
        }
    }

    private static List<dev.sluice.compiler.isa.Instruction> tail(Code code) {
        List<dev.sluice.compiler.isa.Instruction> all = code.instructions();
        return all.subList(Math.max(0, all.size() - 40), all.size());
    }
}
