package dev.sluice.examples;

import static dev.sluice.dsl.Sluice.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.InterpretedProgram;
import dev.sluice.dsl.Condition;
import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.Verdict;
import dev.sluice.testing.Agreement;
import dev.sluice.testing.Frame;
import dev.sluice.testing.FrameCondition;
import dev.sluice.testing.Frames;
import dev.sluice.testing.KernelTest;
import dev.sluice.testing.ProgramRuns;
import dev.sluice.testing.Shrinking;
import java.security.SecureRandom;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** What the firewall must do, as properties of random frames; and the kernel must run it as the interpreter does. */
class FirewallTest {
    /** SSH that does not come from a trusted IPv4 address (IPv6 SSH included). */
    static final Condition SSH_FROM_OUTSIDE = tcp().dport(22).and(not(ip().src().in(Firewall.TRUSTED)));
    static final Condition SSH_FROM_TRUSTED = tcp().dport(22).and(ip().src().in(Firewall.TRUSTED));
    static final Condition BLOCKED_BUT_NOT_DNS = ip().src().in(Firewall.BLOCKED).and(not(udp().dport(53)));
    static final FrameCondition DNS = FrameCondition.of(udp().dport(53));

    /** The program under test; MutantsTest overrides it to run these properties against altered firewalls. */
    Program firewall() {
        return Firewall.PROGRAM;
    }

    private final InterpretedProgram interpreter = ProgramRuns.interpreter(firewall());

    @Property
    void sshFromOutsideIsDropped(@ForAll("sshFromOutside") Frame frame) {
        assertEquals(new Verdict.Drop(), interpreter.run(frame.bytes()));
    }

    @Property
    void sshFromTrustedNetworksPasses(@ForAll("sshFromTrusted") Frame frame) {
        assertEquals(new Verdict.Pass(), interpreter.run(frame.bytes()));
    }

    @Property
    void dnsIsNeverDropped(@ForAll("dns") Frame frame) {
        assertNotEquals(new Verdict.Drop(), interpreter.run(frame.bytes()));
    }

    @Property
    void blockedAddressesAreDroppedExceptDns(@ForAll("blockedButNotDns") Frame frame) {
        assertEquals(new Verdict.Drop(), interpreter.run(frame.bytes()));
    }

    @Provide
    Arbitrary<Frame> sshFromOutside() {
        return Frames.matching(SSH_FROM_OUTSIDE);
    }

    @Provide
    Arbitrary<Frame> sshFromTrusted() {
        return Frames.matching(SSH_FROM_TRUSTED);
    }

    /** DNS from anywhere, blocked addresses too: frames biased toward the firewall's constants, kept when they are DNS. */
    @Provide
    Arbitrary<Frame> dns() {
        return Frames.biasedToward(Firewall.PROGRAM).filter(DNS::holds);
    }

    @Provide
    Arbitrary<Frame> blockedButNotDns() {
        return Frames.matching(BLOCKED_BUT_NOT_DNS);
    }

    /**
     * 10,000 random frames (valid and malformed, tagged, fragmented, cut short) through the interpreter
     * and BPF_PROG_TEST_RUN: the same verdict for each, the same counters at the end. A disagreement is
     * shrunk to the smallest frame that still shows it.
     */
    @Test
    @KernelTest
    void theKernelAgreesOnTenThousandFrames() {
        long seed = new SecureRandom().nextLong();
        try (Agreement both = Agreement.of(firewall())) {
            for (Shrinking.Drawn drawn : Shrinking.draw(Frames.biasedToward(firewall()), seed).next(10_000)) {
                if (both.compare(drawn.frame()).agrees()) continue;
                Frame smallest = drawn.smallest(f -> !both.compare(f).agrees());
                fail("seed " + seed + ": " + both.compare(smallest).describe());
            }
            both.assertCountersAgree();
        }
    }
}
