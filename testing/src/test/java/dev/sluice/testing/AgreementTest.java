package dev.sluice.testing;

import static dev.sluice.dsl.Sluice.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.dsl.model.Program;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The interpreter and the kernel side by side: they agree on a real program, and a wrong one is caught. */
@KernelTest
class AgreementTest {
    private static final Program FIREWALL = xdp("fw")
            .when(tcp().dport(22).and(not(ip().src().in("198.18.0.0/15")))).count("ssh").drop()
            .when(udp().dport(53)).count("dns").pass()
            .when(tcp().syn().and(tcp().dport().in(range(8000, 8100)))).drop();

    @Test
    void aProgramAgreesWithItselfOnBiasedRandomFrames() {
        List<Frame> frames = Shrinking.draw(Frames.biasedToward(FIREWALL), 11).next(500).stream().map(Shrinking.Drawn::frame).toList();
        Agreement.assertAgree(FIREWALL, frames);
        try (Agreement both = Agreement.of(FIREWALL)) {
            for (Frame f : frames) both.assertAgrees(f);
            assertTrue(both.kernel().counter("ssh") > 0 && both.kernel().counter("dns") > 0, "the frames never reach the counted rules");
            both.assertCountersAgree();
        }
    }

    @Test
    void aDeliberatelyWrongProgramFailsTheAssertionWithTheFrameInItsMessage() {
        CompiledProgram right = ProgramRuns.compile(xdp("ssh").when(tcp().dport(22)).drop());
        CompiledProgram wrong = ProgramRuns.compile(xdp("ssh").when(tcp().dport(23)).drop());
        Frame ssh = FrameBuilder.ethernet().ipv4("198.18.0.2", "198.18.0.1").tcp(40000, 22).frame();
        Frame web = FrameBuilder.ethernet().ipv4("198.18.0.2", "198.18.0.1").tcp(40000, 80).frame();
        try (Agreement both = Agreement.between(right, wrong)) {
            both.assertAgrees(web);
            AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> both.assertAgrees(ssh));
            assertTrue(e.getMessage().contains(ssh.hex()), e.getMessage());
            assertTrue(e.getMessage().contains("IP 198.18.0.2.40000 > 198.18.0.1.22: Flags [none], length 0"), e.getMessage());
            assertTrue(e.getMessage().contains("interpreter: drop") && e.getMessage().contains("kernel:      pass"), e.getMessage());
        }
    }

    @Test
    void framesTheKernelRefusesAreNotComparedAndNotCounted() {
        Program counting = tcIngress("t").otherwise().count("seen").pass();
        try (Agreement both = Agreement.of(counting)) {
            Comparison c = both.assertAgrees(FrameBuilder.ethernet().ipv4("198.18.0.2", "198.18.0.1").udp(1, 2).frame().cut(30));
            assertInstanceOf(RunOutcome.Refused.class, c.kernel());
            assertInstanceOf(RunOutcome.Ran.class, c.interpreter());
            both.assertAgrees(FrameBuilder.ethernet().ipv4("198.18.0.2", "198.18.0.1").udp(1, 2).build());
            both.assertCountersAgree();
            assertEquals(1, both.interpreter().counter("seen"));
        }
    }
}
