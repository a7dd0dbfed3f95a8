package dev.sluice.tests.dsl;

import static dev.sluice.dsl.Sluice.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.testing.KernelTest;
import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.CounterValue;
import dev.sluice.compiler.RunningProgram;
import dev.sluice.compiler.RunningSet;
import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.Verdict;
import dev.sluice.runtime.Kernel;
import dev.sluice.runtime.LoadedProgram;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The interpreter and the kernel behind one interface: the same frames and the same set changes
 * give the same verdicts and the same counters, read the same way.
 */
class RunningProgramTest {
    static final Program RULES = xdp().when(ip().src().in(set("blocked", "203.0.113.0/24"))).count("blocked")
            .countBy("sources", ip().src()).drop();

    /** Runs a fixed session against one back end: verdicts as they come, then every counter. */
    static List<Object> session(RunningProgram running) {
        List<Object> seen = new ArrayList<>();
        seen.add(running.run(LiveSetTest.udpFrom(203, 0, 113, 9)));
        seen.add(running.run(LiveSetTest.udpFrom(198, 51, 100, 7)));
        RunningSet blocked = running.set("blocked");
        blocked.add("198.51.100.0/24");
        seen.add(running.run(LiveSetTest.udpFrom(198, 51, 100, 7)));
        blocked.remove("203.0.113.0/24");
        seen.add(running.run(LiveSetTest.udpFrom(203, 0, 113, 9)));
        seen.add(running.counter("blocked"));
        seen.addAll(running.counters());
        return seen;
    }

    @Test
    @KernelTest
    void bothBackEndsAgree() {
        CompiledProgram compiled = SluiceCompiler.compile(RULES);
        List<Object> inJvm = session(compiled.interpreter());
        try (LoadedProgram loaded = Kernel.load(compiled)) {
            assertEquals(inJvm, session(loaded));
        }
        assertEquals(List.of(new Verdict.Drop(), new Verdict.Pass(), new Verdict.Drop(), new Verdict.Pass(), 2L), inJvm.subList(0, 5));
        assertEquals(List.of(new CounterValue("blocked", java.util.Optional.empty(), 2),
                new CounterValue("sources", java.util.Optional.of(List.of("198.51.100.7")), 1),
                new CounterValue("sources", java.util.Optional.of(List.of("203.0.113.9")), 1)), inJvm.subList(5, inJvm.size()));
    }
}
