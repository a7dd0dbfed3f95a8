package dev.sluice.testing;

import dev.sluice.dsl.Condition;
import dev.sluice.dsl.model.Program;
import java.util.List;
import net.jqwik.api.Arbitrary;

/**
 * jqwik arbitraries of Ethernet frames, for {@code @ForAll} parameters:
 * <pre>
 * &#64;Provide Arbitrary&lt;Frame&gt; ssh() { return Frames.matching(tcp().dport(22)); }
 * &#64;Property void sshIsDropped(&#64;ForAll("ssh") Frame f) { assertEquals(new Verdict.Drop(), firewall.run(f.bytes())); }
 * </pre>
 * Frames are drawn as structure (VLAN tags, IPv4 with options and fragments, IPv6 with extension
 * headers, TCP/UDP/ICMP/ARP, payload, and cuts at header boundaries), from common values and the
 * constants of the rules under test, and shrink to small frames: fewer tags and headers, no payload,
 * no cut, small values.
 */
public final class Frames {
    private Frames() {}

    /** Any frame: valid and malformed, tagged, fragmented, cut short, or random bytes. */
    public static Arbitrary<Frame> any() {
        return FrameGenerator.frames(FrameProfile.any(), Constants.none());
    }

    /** Frames of one kind. */
    public static Arbitrary<Frame> of(FrameKind kind) {
        return of(kind, Constants.none());
    }

    /** Frames of one kind, their fields often the constants given (see {@link Constants#of(Program)}). */
    public static Arbitrary<Frame> of(FrameKind kind, Constants constants) {
        return FrameGenerator.frames(FrameProfile.of(kind), constants);
    }

    /** Whole TCP segments ({@link FrameKind#TCP}). */
    public static Arbitrary<Frame> tcp() {
        return of(FrameKind.TCP);
    }

    /** Whole UDP datagrams ({@link FrameKind#UDP}). */
    public static Arbitrary<Frame> udp() {
        return of(FrameKind.UDP);
    }

    /** Frames with VLAN tags ({@link FrameKind#TAGGED}). */
    public static Arbitrary<Frame> tagged() {
        return of(FrameKind.TAGGED);
    }

    /** IP fragments ({@link FrameKind#FRAGMENTED}). */
    public static Arbitrary<Frame> fragmented() {
        return of(FrameKind.FRAGMENTED);
    }

    /** Malformed frames ({@link FrameKind#MALFORMED}). */
    public static Arbitrary<Frame> malformed() {
        return of(FrameKind.MALFORMED);
    }

    /** Frames cut short ({@link FrameKind#CUT_SHORT}). */
    public static Arbitrary<Frame> cutShort() {
        return of(FrameKind.CUT_SHORT);
    }

    /** Any frame, its fields often the constants of {@code programs} and their edges, so that rare branches are reached. */
    public static Arbitrary<Frame> biasedToward(List<? extends Program> programs) {
        return biasedToward(Constants.of(programs));
    }

    /** Any frame, biased toward the constants of {@code program}. */
    public static Arbitrary<Frame> biasedToward(Program program) {
        return biasedToward(List.of(program));
    }

    /** Any frame, biased toward {@code constants}. */
    public static Arbitrary<Frame> biasedToward(Constants constants) {
        return FrameGenerator.frames(FrameProfile.any(), constants);
    }

    /** Frames for which a Java DSL condition holds: {@code Frames.matching(tcp().dport(22))}. */
    public static Arbitrary<Frame> matching(Condition condition) {
        return matching(FrameCondition.of(condition));
    }

    /** Frames for which a condition in the rule language holds: {@code Frames.matching("udp.dport == 53")}. */
    public static Arbitrary<Frame> matching(String condition) {
        return matching(FrameCondition.parse(condition));
    }

    /**
     * Frames for which {@code condition} holds: any frame biased toward the condition's constants,
     * kept when the condition holds (a condition no drawn frame meets makes jqwik give up with too
     * many filter misses).
     */
    public static Arbitrary<Frame> matching(FrameCondition condition) {
        return biasedToward(condition.constants()).filter(condition::holds);
    }
}
