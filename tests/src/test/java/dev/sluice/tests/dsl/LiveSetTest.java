package dev.sluice.tests.dsl;

import static dev.sluice.dsl.Sluice.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.testing.FrameBuilder;
import dev.sluice.testing.KernelTest;
import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.dsl.model.NamedSet;
import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.Verdict;
import dev.sluice.runtime.Kernel;
import dev.sluice.runtime.LiveSet;
import dev.sluice.runtime.LoadedProgram;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Named sets are maps the running program reads: members change with no reload. */
class LiveSetTest {
    static byte[] udpFrom(int a, int b, int c, int d) {
        byte[] f = FrameBuilder.ethernet().ipv4("10.1.2.3", "198.18.0.1").udp(5000, 53).payload(new byte[4]).build();
        ByteBuffer.wrap(f).put(26, (byte) a).put(27, (byte) b).put(28, (byte) c).put(29, (byte) d);
        return f;
    }

    @Test
    @KernelTest
    void membersChangeWhileTheProgramRuns() {
        NamedSet blocked = set("blocked", "203.0.113.0/24");
        Program p = xdp().when(ip().src().in(blocked).or(ip6())).drop();
        try (LoadedProgram loaded = Kernel.load(SluiceCompiler.compile(p))) {
            int id = loaded.program().info().id();
            assertEquals(new Verdict.Drop(), loaded.testRun(udpFrom(203, 0, 113, 9)));
            assertEquals(new Verdict.Pass(), loaded.testRun(udpFrom(198, 51, 100, 7)));
            LiveSet live = loaded.set("blocked");
            live.add("198.51.100.0/24");
            assertEquals(new Verdict.Drop(), loaded.testRun(udpFrom(198, 51, 100, 7)));
            live.remove("203.0.113.0/24");
            assertEquals(new Verdict.Pass(), loaded.testRun(udpFrom(203, 0, 113, 9)));
            live.add("203.0.113.9");
            assertEquals(new Verdict.Drop(), loaded.testRun(udpFrom(203, 0, 113, 9)));
            assertEquals(id, loaded.program().info().id(), "the same program, not a reload");
            assertThrows(IllegalArgumentException.class, () -> live.add("53"), "a number fits no address field");
            assertThrows(IllegalArgumentException.class, () -> loaded.set("nope"));
        }
    }
}
