package dev.sluice.testing;

import static dev.sluice.dsl.Sluice.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.dsl.model.Program;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The arbitraries reach every kind of frame, keep to their kind, meet their condition, hit constants and shrink small. */
class FramesTest {
    private static List<Frame> draw(Arbitrary<Frame> frames, int n, long seed) {
        Shrinking draw = Shrinking.draw(frames, seed);
        return draw.next(n).stream().map(Shrinking.Drawn::frame).toList();
    }

    private static long count(List<Frame> frames, String condition) {
        FrameCondition c = FrameCondition.parse(condition);
        return frames.stream().filter(c::holds).count();
    }

    @Test
    void anyFrameCoversEveryKind() {
        List<Frame> frames = draw(Frames.any(), 3000, 1);
        Map<String, Long> seen = new java.util.TreeMap<>();
        for (String kind : List.of("tcp.dport <= 65535", "udp.dport <= 65535", "icmp.type <= 255", "icmp6.type <= 255", "arp", "ip", "ip6",
                "vlan", "ip6.next == 6 or ip6.next == 17 or ip6.next == 58")) {
            seen.put(kind, count(frames, kind));
        }
        for (Map.Entry<String, Long> e : seen.entrySet()) assertTrue(e.getValue() >= 20, "few frames with " + e.getKey() + ": " + seen);
        assertTrue(frames.stream().anyMatch(f -> f.length() < 14), "no frame shorter than an Ethernet header");
        assertTrue(count(frames, "tcp and not tcp.dport <= 65535") > 5, "no cut or later-fragment TCP frame");
        assertTrue(frames.stream().map(Frame::length).distinct().count() > 50, "few distinct lengths");
    }

    @Test
    void kindsKeepToTheirKind() {
        Map<FrameKind, String> always = Map.of(FrameKind.TCP, "tcp.dport <= 65535", FrameKind.UDP, "udp.dport <= 65535",
                FrameKind.ICMP, "icmp.type <= 255 or icmp6.type <= 255", FrameKind.IPV4, "ip", FrameKind.IPV6, "ip6",
                FrameKind.ARP, "arp", FrameKind.TAGGED, "vlan");
        for (Map.Entry<FrameKind, String> e : always.entrySet()) {
            List<Frame> frames = draw(Frames.of(e.getKey()), 300, 2);
            assertEquals(300, count(frames, e.getValue()), e.getKey() + " frames without " + e.getValue());
        }
        List<Frame> fragments = draw(Frames.fragmented(), 300, 3);
        assertTrue(fragments.stream().allMatch(f -> isFragment(f.bytes())), "a frame of fragmented() is no fragment");
        List<Frame> whole = draw(Frames.tcp(), 300, 4);
        List<Frame> cut = draw(Frames.cutShort(), 300, 4);
        assertTrue(cut.stream().allMatch(f -> f.headerEnds().get(f.headerEnds().size() - 1) == f.length()));
        assertTrue(cut.stream().mapToInt(Frame::length).average().orElseThrow() < whole.stream().mapToInt(Frame::length).average().orElseThrow());
        assertTrue(count(draw(Frames.malformed(), 300, 5), "tcp.dport <= 65535 or udp.dport <= 65535") < 250, "malformed frames parse like good ones");
    }

    /** IPv4 with MF or an offset, or IPv6 with a fragment header right after the fixed header (where the generator puts it last). */
    private static boolean isFragment(byte[] f) {
        int at = 12;
        while ((f[at] & 0xff) << 8 == 0x8100 || ((f[at] & 0xff) << 8 | (f[at + 1] & 0xff)) == 0x8100) at += 4;
        int type = (f[at] & 0xff) << 8 | (f[at + 1] & 0xff);
        int ip = at + 2;
        if (type == 0x0800) return ((f[ip + 6] & 0x3f) << 8 | (f[ip + 7] & 0xff)) != 0;
        int next = f[ip + 6] & 0xff;
        int h = ip + 40;
        while (next != 44 && (next == 0 || next == 43 || next == 60)) {
            next = f[h] & 0xff;
            h += ((f[h + 1] & 0xff) + 1) * 8;
        }
        return next == 44;
    }

    @Provide
    Arbitrary<Frame> sshFromOutside() {
        return Frames.matching(tcp().dport(22).and(not(ip().src().in("198.18.0.0/15"))));
    }

    @Property(tries = 200)
    void matchingFramesMeetTheirCondition(@ForAll("sshFromOutside") Frame f) {
        assertTrue(FrameCondition.parse("tcp.dport == 22 and not ip.src in 198.18.0.0/15").holds(f), f.toString());
    }

    @Test
    void framesAreBiasedTowardTheProgramsConstants() {
        Program p = xdp().when(udp().dport(31337).or(ip().src().in("203.0.113.0/24"))).drop();
        List<Frame> biased = draw(Frames.biasedToward(p), 2000, 6);
        List<Frame> plain = draw(Frames.any(), 2000, 6);
        assertTrue(count(biased, "udp.dport == 31337") >= 20, "the port constant is rarely hit");
        assertEquals(0, count(plain, "udp.dport == 31337"), "unbiased frames hit an odd port");
        assertTrue(count(biased, "udp.dport == 31336 or udp.dport == 31338") >= 20, "the port's edges are rarely hit");
        assertTrue(count(biased, "ip.src == 203.0.113.255") >= 5 && count(biased, "ip.src == 203.0.114.0") >= 5, "the CIDR's edges are rarely hit");
    }

    @Test
    void aFailingFrameShrinksToTheSmallestFrameThatStillFails() {
        FrameCondition ssh = FrameCondition.parse("tcp.dport == 22");
        Frame smallest = shrinkFirst(Frames.biasedToward(Constants.of(ssh.expr())), ssh::holds, 7);
        // Ethernet + IPv4 + TCP, no tag, no options, no payload: nothing left to take away.
        assertEquals(14 + 20 + 20, smallest.length(), smallest.toString());
        assertTrue(ssh.holds(smallest));
        Frame big = shrinkFirst(Frames.any(), f -> f.length() >= 100, 8);
        assertEquals(100, big.length(), big.toString());
    }

    private static Frame shrinkFirst(Arbitrary<Frame> frames, Predicate<Frame> fails, long seed) {
        Shrinking draw = Shrinking.draw(frames, seed);
        for (int i = 0; i < 10_000; i++) {
            Shrinking.Drawn d = draw.next();
            if (fails.test(d.frame())) return d.smallest(fails);
        }
        throw new AssertionError("no frame fails");
    }
}
