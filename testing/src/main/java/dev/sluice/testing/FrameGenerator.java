package dev.sluice.testing;

import dev.sluice.testing.FrameProfile.Network;
import dev.sluice.testing.FrameProfile.Share;
import dev.sluice.testing.FrameProfile.Transport;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random frames of a {@link FrameProfile}, drawn as structure (layers and their fields) and built with
 * {@link FrameBuilder}, so that jqwik shrinks each part on its own: tags and extension headers away,
 * payload to nothing, ports and addresses toward small or constant values, a cut away. Every choice
 * lists its simplest option first, which is where jqwik shrinks a choice to.
 */
final class FrameGenerator {
    private FrameGenerator() {}

    private record Ethernet(byte[] src, byte[] dst, List<Integer> tags) {}

    private record Ip(Network kind, byte[] src4, byte[] dst4, byte[] src6, byte[] dst6, int ttl, int fragment, List<Integer> extensions) {}

    private record L4(Transport kind, int sport, int dport, int flags, int type, int code, int protocol) {}

    private enum DamageKind { NONE, SHORT_IHL, WRONG_IP_LENGTH, THIRD_TAG, LENGTH_FIELD_TYPE, FIVE_EXTENSIONS, GARBAGE }

    private record Damage(DamageKind kind, int value, byte[] garbage) {}

    private enum CutKind { WHOLE, AT_BOUNDARY, ONE_SHORT, ANYWHERE }

    private record Cut(CutKind kind, int at) {}

    static Arbitrary<Frame> frames(FrameProfile profile, Constants constants) {
        Values values = new Values(constants);
        Arbitrary<Ethernet> ethernet = Combinators.combine(values.macs(), values.macs(),
                values.ints(0, 4095).list().ofMinSize(profile.minTags()).ofMaxSize(profile.maxTags())).as(Ethernet::new);
        return Combinators.combine(ethernet, ip(profile, values), l4(profile, values), Arbitraries.bytes().array(byte[].class).ofMaxSize(24),
                damage(profile), cut(profile)).as(FrameGenerator::build);
    }

    private static Arbitrary<Ip> ip(FrameProfile profile, Values values) {
        Arbitrary<Integer> fragment = switch (profile.fragments()) {
            case NEVER -> Arbitraries.just(0);
            case SOMETIMES -> Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just(0)), Tuple.of(1, Arbitraries.just(-1)),
                    Tuple.of(1, Arbitraries.integers().between(1, 0x1fff)));
            case ALWAYS -> Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(-1)), Tuple.of(1, Arbitraries.integers().between(1, 0x1fff)));
        };
        Arbitrary<List<Integer>> extensions = Arbitraries.of(0, 43, 60).list().ofMaxSize(3);
        return Combinators.combine(networks(profile.networks()), values.ipv4(), values.ipv4(), values.ipv6(), values.ipv6(),
                values.ints(0, 255), fragment, extensions).as(Ip::new);
    }

    /** IP more often than ARP and other EtherTypes, which rules rarely look into. */
    private static Arbitrary<Network> networks(List<Network> allowed) {
        List<Tuple.Tuple2<Integer, Network>> weighted = new java.util.ArrayList<>();
        for (Network n : allowed) weighted.add(Tuple.of(n == Network.IPV4 ? 5 : n == Network.IPV6 ? 3 : 1, n));
        return Arbitraries.frequency(weighted);
    }

    private static Arbitrary<L4> l4(FrameProfile profile, Values values) {
        Arbitrary<Integer> flags = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(FrameBuilder.SYN, FrameBuilder.SYN | FrameBuilder.ACK,
                FrameBuilder.ACK, FrameBuilder.FIN | FrameBuilder.ACK, FrameBuilder.RST)), Tuple.of(1, values.ints(0, 255)));
        return Combinators.combine(Arbitraries.of(profile.transports()), values.ports(), values.ports(), flags, values.ints(0, 255),
                values.ints(0, 255), Arbitraries.of(0, 2, 41, 47, 50, 132, 255)).as(L4::new);
    }

    private static Arbitrary<Damage> damage(FrameProfile profile) {
        List<DamageKind> all = List.of(DamageKind.values());
        Arbitrary<DamageKind> kind = switch (profile.damage()) {
            case NEVER -> Arbitraries.just(DamageKind.NONE);
            case SOMETIMES -> Arbitraries.frequencyOf(Tuple.of(30, Arbitraries.just(DamageKind.NONE)),
                    Tuple.of(1, Arbitraries.of(all.subList(1, all.size()))));
            case ALWAYS -> Arbitraries.of(all.subList(1, all.size()));
        };
        return Combinators.combine(kind, Arbitraries.integers().between(0, 0xffff), Arbitraries.bytes().array(byte[].class).ofMaxSize(80))
                .as(Damage::new);
    }

    private static Arbitrary<Cut> cut(FrameProfile profile) {
        Arbitrary<CutKind> kind = switch (profile.cuts()) {
            case NEVER -> Arbitraries.just(CutKind.WHOLE);
            case SOMETIMES -> Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just(CutKind.WHOLE)),
                    Tuple.of(3, Arbitraries.of(CutKind.AT_BOUNDARY, CutKind.ONE_SHORT)), Tuple.of(1, Arbitraries.just(CutKind.ANYWHERE)));
            case ALWAYS -> Arbitraries.of(CutKind.AT_BOUNDARY, CutKind.ONE_SHORT, CutKind.ANYWHERE);
        };
        return Combinators.combine(kind, Arbitraries.integers().between(0, 1 << 16)).as(Cut::new);
    }

    private static Frame build(Ethernet eth, Ip ip, L4 l4, byte[] payload, Damage damage, Cut cut) {
        if (damage.kind() == DamageKind.GARBAGE) return Frame.of(damage.garbage());
        FrameBuilder b = FrameBuilder.ethernet().macs(eth.src(), eth.dst());
        for (int id : eth.tags()) b.vlan(id);
        if (damage.kind() == DamageKind.THIRD_TAG) {
            while (b.fields.tags.size() < 3) b.tag(0x8100, damage.value() & 0xfff);
        }
        network(b, ip, damage);
        if (ip.kind() == Network.IPV4 || ip.kind() == Network.IPV6) transport(b, l4);
        b.payload(payload);
        if (damage.kind() == DamageKind.LENGTH_FIELD_TYPE) b.etherType(damage.value() % 0x0600);
        return cut(b.frame(), cut);
    }

    private static void network(FrameBuilder b, Ip ip, Damage damage) {
        switch (ip.kind()) {
            case IPV4 -> {
                b.ipv4("0.0.0.0", "0.0.0.0").addresses(ip.src4(), ip.dst4()).ttl(ip.ttl());
                if (ip.fragment() != 0) b.fragment(Math.max(0, ip.fragment()), ip.fragment() < 0);
                if (damage.kind() == DamageKind.SHORT_IHL) b.ihl(damage.value() % 5);
                if (damage.kind() == DamageKind.WRONG_IP_LENGTH) b.ipLength(damage.value());
            }
            case IPV6 -> {
                b.ipv6("::", "::").addresses(ip.src6(), ip.dst6()).ttl(ip.ttl());
                for (int type : ip.extensions()) b.extension(type, 0);
                if (ip.fragment() != 0) b.fragment(Math.max(0, ip.fragment()), ip.fragment() < 0);
                if (damage.kind() == DamageKind.FIVE_EXTENSIONS) {
                    while (b.fields.extensions.size() < 5) b.extension(60, 0);
                }
                if (damage.kind() == DamageKind.WRONG_IP_LENGTH) b.ipLength(damage.value());
            }
            case ARP -> b.arp();
            case OTHER -> b.etherType(0x0600 + ip.ttl() * 61);
        }
    }

    private static void transport(FrameBuilder b, L4 l4) {
        switch (l4.kind()) {
            case TCP -> b.tcp(l4.sport(), l4.dport()).flags(l4.flags());
            case UDP -> b.udp(l4.sport(), l4.dport());
            case ICMP -> b.icmp(l4.type(), l4.code());
            case OTHER -> b.protocol(l4.protocol());
        }
    }

    private static Frame cut(Frame whole, Cut cut) {
        List<Integer> ends = whole.headerEnds();
        int end = ends.get(cut.at() % ends.size());
        int length = switch (cut.kind()) {
            case WHOLE -> whole.length();
            case AT_BOUNDARY -> end == whole.length() ? end - 1 : end;
            case ONE_SHORT -> end - 1;
            case ANYWHERE -> cut.at() % Math.max(1, whole.length());
        };
        return whole.cut(length);
    }
}
