package dev.sluice.testing;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Built frames read back through the interpreter's packet parser (a {@link FrameCondition} is a
 * compiled one-rule program): every field the builder sets is the field the rules see.
 */
class FrameBuilderTest {
    private static void holds(String condition, FrameBuilder b) {
        assertTrue(FrameCondition.parse(condition).holds(b.build()), condition + " on " + b.frame());
    }

    private static void fails(String condition, FrameBuilder b) {
        assertFalse(FrameCondition.parse(condition).holds(b.build()), condition + " on " + b.frame());
    }

    @Test
    void everyFieldOfATaggedTcpSegmentReadsBack() {
        FrameBuilder b = FrameBuilder.ethernet().src("aa:bb:cc:dd:ee:01").dst("aa:bb:cc:dd:ee:02").vlan(100)
                .ipv4("198.18.0.2", "198.18.0.1").ttl(7).tos(0x10).id(4242).tcp(40000, 22).flags(FrameBuilder.SYN | FrameBuilder.ACK)
                .window(1234).payload("hello");
        holds("eth.src == aa:bb:cc:dd:ee:01 and eth.dst == aa:bb:cc:dd:ee:02 and vlan.id == 100 and eth.type == 0x0800", b);
        holds("ip.src == 198.18.0.2 and ip.dst == 198.18.0.1 and ip.ttl == 7 and ip.tos == 0x10 and ip.id == 4242", b);
        holds("ip.len == 45 and ip.proto == 6 and pkt.len == 63", b);
        holds("tcp.sport == 40000 and tcp.dport == 22 and tcp.syn and tcp.ack and not tcp.fin and tcp.win == 1234", b);
        fails("tcp.dport == 23", b);
    }

    @Test
    void ipv4OptionsMoveTheTransportHeader() {
        FrameBuilder b = FrameBuilder.ethernet().ipv4("10.0.0.1", "10.0.0.2").ipOptions(new byte[] {1, 1, 1, 0, 7}).udp(5000, 53);
        assertEquals(14 + 28 + 8, b.build().length);
        holds("udp.dport == 53 and udp.sport == 5000 and udp.len == 8", b);
    }

    @Test
    void ipv6ExtensionHeadersAreChained() {
        FrameBuilder b = FrameBuilder.ethernet().ipv6("2001:db8::1", "2001:db8::2").extension(0, 0).extension(60, 1).tcp(1, 443).ttl(9);
        holds("ip6.src == 2001:db8::1 and ip6.dst == 2001:db8::2 and ip6.next == 6 and ip6.hlim == 9 and tcp.dport == 443", b);
        holds("icmp6.type == 128", FrameBuilder.ethernet().ipv6("::1", "::2").icmp(128, 0));
    }

    @Test
    void laterFragmentsHideTheirTransportFields() {
        FrameBuilder first = FrameBuilder.ethernet().ipv4("10.0.0.1", "10.0.0.2").fragment(0, true).tcp(1, 22);
        FrameBuilder later = FrameBuilder.ethernet().ipv4("10.0.0.1", "10.0.0.2").fragment(100, false).tcp(1, 22);
        FrameBuilder later6 = FrameBuilder.ethernet().ipv6("::1", "::2").fragment(100, true).tcp(1, 22);
        holds("tcp.dport == 22", first);
        holds("tcp", later);
        fails("tcp.dport == 22", later);
        holds("tcp", later6);
        fails("tcp.dport == 22", later6);
    }

    @Test
    void aCutAtEachHeaderEndLosesExactlyTheHeadersAfterIt() {
        Frame f = FrameBuilder.ethernet().vlan(5).ipv4("10.0.0.1", "10.0.0.2").tcp(1, 22).payload("xy").frame();
        assertEquals(List.of(18, 38, 58, 60), f.headerEnds());
        FrameCondition port = FrameCondition.parse("tcp.dport == 22");
        FrameCondition ip = FrameCondition.parse("ip.src == 10.0.0.1");
        assertTrue(port.holds(f.cut(58)));
        assertFalse(port.holds(f.cut(57)));
        assertTrue(ip.holds(f.cut(38)));
        assertFalse(ip.holds(f.cut(37)));
        assertEquals(7, f.cutsAtHeaderEnds().size());
    }

    @Test
    void tunnelsCarryTheInnerFrame() {
        FrameBuilder inner = FrameBuilder.ethernet().ipv4("10.1.0.1", "10.1.0.2").tcp(1, 80);
        FrameBuilder vxlan = FrameBuilder.ethernet().ipv4("198.18.0.1", "198.18.0.2").vxlan(77, inner);
        holds("udp.dport == 4789 and udp.len == " + (8 + 8 + inner.build().length), vxlan);
        byte[] bytes = vxlan.build();
        assertEquals(77, bytes[14 + 20 + 8 + 6] & 0xff);
        holds("udp.dport == 6081", FrameBuilder.ethernet().ipv4("198.18.0.1", "198.18.0.2").geneve(1, inner));
        FrameBuilder gre = FrameBuilder.ethernet().ipv4("198.18.0.1", "198.18.0.2").gre(inner);
        holds("ip.proto == 47", gre);
        byte[] g = gre.build();
        assertEquals(0x0800, (g[14 + 20 + 2] & 0xff) << 8 | (g[14 + 20 + 3] & 0xff), "GRE carries the inner IP packet");
        assertEquals(14 + 20 + 4 + 40, g.length);
    }

    @Test
    void arpAndMalformedFrames() {
        holds("arp and eth.type == 0x0806", FrameBuilder.ethernet().arp());
        fails("ip", FrameBuilder.ethernet().ipv4("10.0.0.1", "10.0.0.2").ihl(4).tcp(1, 2));
        holds("eth.type == 0x0800", FrameBuilder.ethernet().ipv4("10.0.0.1", "10.0.0.2").ihl(4).tcp(1, 2));
        assertEquals(60, FrameBuilder.ethernet().arp().padTo(60).build().length);
        assertThrows(IllegalArgumentException.class, () -> FrameBuilder.ethernet().ipv4("10.0.0.300", "1.2.3.4"));
        assertThrows(IllegalArgumentException.class, () -> FrameBuilder.ethernet().src("aa:bb"));
    }

    @Test
    void aCopyBranchesWithoutChangingTheOriginal() {
        FrameBuilder base = FrameBuilder.ethernet().ipv4("10.0.0.1", "10.0.0.2").tcp(1, 22);
        FrameBuilder other = base.copy().tcp(1, 23);
        holds("tcp.dport == 22", base);
        holds("tcp.dport == 23", other);
    }

    @Property(tries = 300)
    void portsAndAddressesReadBackAsBuilt(@ForAll @IntRange(max = 65535) int sport, @ForAll @IntRange(max = 65535) int dport,
                                          @ForAll @IntRange(max = 255) int last, @ForAll boolean udp) {
        String dst = "198.18.0." + last;
        FrameBuilder b = FrameBuilder.ethernet().ipv4("198.19.0.1", dst);
        String proto = udp ? "udp" : "tcp";
        if (udp) b.udp(sport, dport);
        else b.tcp(sport, dport);
        holds(proto + ".sport == " + sport + " and " + proto + ".dport == " + dport + " and ip.dst == " + dst, b);
    }
}
