package dev.sluice.compiler.pcap;

import static dev.sluice.compiler.pcap.PcapPrimitives.cmp;
import static dev.sluice.compiler.pcap.PcapPrimitives.mcmp;
import static dev.sluice.compiler.pcap.PcapTest.and;
import static dev.sluice.compiler.pcap.PcapTest.not;
import static dev.sluice.compiler.pcap.PcapTest.or;

import dev.sluice.compiler.pcap.PcapTest.Op;
import dev.sluice.compiler.pcap.PcapTest.Value;
import dev.sluice.dsl.model.PcapArith;
import dev.sluice.dsl.model.PcapExpr;
import dev.sluice.dsl.model.PcapProtocol;
import dev.sluice.dsl.model.PcapQualifiers;
import dev.sluice.dsl.model.PcapValue;

/**
 * Lowers a parsed pcap-filter expression to {@link PcapTest}, as libpcap's gencode does for an
 * Ethernet capture: walking the tree in text order so that {@code vlan}, {@code mpls} and {@code
 * pppoes} shift the offsets of everything written after them (docs/LANGUAGE-PCAP.md, "tcpdump
 * expressions").
 */
public final class PcapGencode {
    private static final int GENEVE_PORT = 6081;
    private static final int ETHERTYPE_TEB = 0x6558;

    private final LinkOffsets offsets;

    private PcapGencode(boolean optimized) {
        this.offsets = new LinkOffsets(optimized);
    }

    /** The test for {@code expr}; a filter libpcap would refuse here throws {@link PcapCompileError}. */
    public static PcapTest lower(PcapExpr expr) {
        return new PcapGencode(!walksChains(expr)).expr(expr);
    }

    /** protochain and geneve emit backward or bare jumps, so libpcap leaves the whole filter unoptimised. */
    private static boolean walksChains(PcapExpr e) {
        if (e instanceof PcapExpr.And a) return walksChains(a.left()) || walksChains(a.right());
        if (e instanceof PcapExpr.Or o) return walksChains(o.left()) || walksChains(o.right());
        if (e instanceof PcapExpr.Not n) return walksChains(n.operand());
        if (e instanceof PcapExpr.Primitive p) return p.qualifiers().kind() == PcapQualifiers.Kind.PROTOCHAIN;
        return e instanceof PcapExpr.Encapsulation en && en.kind() == PcapExpr.Encapsulation.Kind.GENEVE;
    }

    private PcapPrimitives at(int column) {
        return new PcapPrimitives(offsets, column);
    }

    private PcapTest expr(PcapExpr e) {
        if (e instanceof PcapExpr.And a) {
            PcapTest left = expr(a.left());
            return and(left, expr(a.right()));
        }
        if (e instanceof PcapExpr.Or o) {
            PcapTest left = expr(o.left());
            return or(left, expr(o.right()));
        }
        if (e instanceof PcapExpr.Not n) return not(expr(n.operand()));
        if (e instanceof PcapExpr.Protocol p) return at(p.column()).protocol(p.protocol());
        if (e instanceof PcapExpr.Primitive p) return primitive(p);
        if (e instanceof PcapExpr.Relation r) return PcapLoads.relation(at(r.column()), offsets, r);
        if (e instanceof PcapExpr.Length l) {
            PcapTest greater = cmp(new Value.Length(), l.atMost() ? Op.GT : Op.GE, l.bytes());
            return l.atMost() ? not(greater) : greater;
        }
        if (e instanceof PcapExpr.Broadcast b) {
            PcapPrimitives g = at(b.column());
            return g.innerEthernet(g.etherHost(0xffffffffffffL, PcapQualifiers.Direction.DST));
        }
        if (e instanceof PcapExpr.Multicast m) return multicast(m);
        return encapsulation((PcapExpr.Encapsulation) e);
    }

    private PcapTest multicast(PcapExpr.Multicast m) {
        PcapPrimitives p = at(m.column());
        return switch (m.protocol()) {
            case IP -> and(p.linkType(PcapPrimitives.ETHERTYPE_IP), cmp(p.network(16, 1), Op.GE, 224));
            case IP6 -> and(p.linkType(PcapPrimitives.ETHERTYPE_IPV6), cmp(p.network(24, 1), Op.EQ, 255));
            default -> p.innerEthernet(cmp(new Value.Binary(PcapTest.Arith.AND, p.linkHeader(0, 1), new Value.Constant(1)), Op.NE, 0));
        };
    }

    private PcapTest primitive(PcapExpr.Primitive p) {
        PcapQualifiers q = p.qualifiers();
        PcapPrimitives g = at(p.column());
        PcapValue v = p.value();
        if (v instanceof PcapValue.Mac mac) return g.innerEthernet(g.etherHost(mac.address(), q.direction()));
        if (v instanceof PcapValue.Ipv4 ip) return g.host(ip.address(), ip.mask(), q.protocol(), q.direction());
        if (v instanceof PcapValue.Ipv6 ip6) return g.host6(ip6.high(), ip6.low(), ip6.bits(), q.direction());
        if (v instanceof PcapValue.PortRange r) return g.port(r.low(), r.high(), q.protocol(), q.direction());
        long n = ((PcapValue.Number) v).value();
        return switch (q.kind()) {
            case PORT -> g.port(n, n, q.protocol(), q.direction());
            case PROTO -> g.proto(n, q.protocol());
            case PROTOCHAIN -> g.protochain(n, q.protocol());
            default -> throw new PcapCompileError(p.column(), "a number is not a host here");
        };
    }

    private PcapTest encapsulation(PcapExpr.Encapsulation e) {
        PcapPrimitives g = at(e.column());
        switch (e.kind()) {
            case VLAN: {
                if (offsets.labels > 0) throw new PcapCompileError(e.column(), "no VLAN match after MPLS");
                PcapTest t = or(or(g.linkType(0x8100), g.linkType(0x88a8)), g.linkType(0x9100));
                if (e.number().isPresent()) t = and(t, mcmp(g.network(0, 2), 0x0fff, e.number().getAsLong()));
                offsets.linkPayload = offsets.linkPayload.plus(4);
                offsets.linkType = offsets.linkType.plus(4);
                offsets.vlans++;
                return t;
            }
            case MPLS: {
                PcapTest t = offsets.labels > 0
                        ? mcmp(g.network(-2, 1), 0x01, 0)
                        : g.linkType(0x8847);
                if (e.number().isPresent()) t = and(t, mcmp(g.network(0, 4), 0xfffff000L, e.number().getAsLong() << 12));
                offsets.network += 4;
                offsets.labels++;
                return t;
            }
            case PPPOED:
                return g.linkType(0x8863);
            case PPPOES: {
                PcapTest t = g.linkType(0x8864);
                if (e.number().isPresent()) t = and(t, mcmp(g.network(0, 4), 0x0000ffff, e.number().getAsLong()));
                LinkOffsets.At pppHeader = offsets.networkLayer().plus(6);
                offsets.linkHeader = pppHeader;
                offsets.linkType = pppHeader;
                offsets.linkPayload = pppHeader.plus(2);
                offsets.network = 0;
                offsets.ppp = true;
                return t;
            }
            default:
                return geneve(g, e);
        }
    }

    /**
     * gen_geneve: UDP to port 6081 over IPv4 or IPv6, version 0, the VNI if given; then the offsets
     * move into the payload: the protocol type at 2 (or the inner EtherType when it is 0x6558,
     * Transparent Ethernet Bridging), the link header and payload after the options.
     */
    private PcapTest geneve(PcapPrimitives g, PcapExpr.Encapsulation e) {
        long vni = e.number().orElse(-1);
        if (vni > 0xffffff) throw new PcapCompileError(e.column(), "Geneve VNI " + vni + " greater than maximum " + 0xffffff);
        int udpEnd = offsets.networkLayer().constant() + 8;
        PcapTest v4 = g.geneveHeader(false, vni);
        v4 = and(v4, new PcapTest.Assign(LinkOffsets.GENEVE_START, new Value.Binary(PcapTest.Arith.ADD, g.ipHeaderLength(), new Value.Constant(udpEnd))));
        PcapTest v6 = g.geneveHeader(true, vni);
        Value ip6Length = new Value.Constant(40);
        if (offsets.networkLayer().variable()) ip6Length = new Value.Binary(PcapTest.Arith.ADD, offsets.networkLayer().base(), ip6Length);
        v6 = and(v6, new PcapTest.Assign(LinkOffsets.GENEVE_START, new Value.Binary(PcapTest.Arith.ADD, ip6Length, new Value.Constant(udpEnd))));
        Value start = new Value.Slot(LinkOffsets.GENEVE_START);
        Value header = new Value.Slot(LinkOffsets.GENEVE_HEADER);
        Value options = new Value.Binary(PcapTest.Arith.MUL, new Value.Binary(PcapTest.Arith.AND, new Value.Load(start, 0, 1), new Value.Constant(0x3f)), new Value.Constant(4));
        PcapTest teb = and(cmp(new Value.Load(start, 2, 2), Op.EQ, ETHERTYPE_TEB),
                and(new PcapTest.Assign(LinkOffsets.GENEVE_TYPE, plus(header, 12)), new PcapTest.Assign(LinkOffsets.GENEVE_PAYLOAD, plus(header, 14))));
        PcapTest offsetsSet = and(new PcapTest.Assign(LinkOffsets.GENEVE_TYPE, plus(start, 2)),
                and(new PcapTest.Assign(LinkOffsets.GENEVE_HEADER, new Value.Binary(PcapTest.Arith.ADD, plus(options, 8), start)),
                        or(teb, new PcapTest.Assign(LinkOffsets.GENEVE_PAYLOAD, header))));
        offsets.linkHeader = new LinkOffsets.At(header, 0);
        offsets.linkType = new LinkOffsets.At(new Value.Slot(LinkOffsets.GENEVE_TYPE), 0);
        offsets.linkPayload = new LinkOffsets.At(new Value.Slot(LinkOffsets.GENEVE_PAYLOAD), 0);
        offsets.network = 0;
        offsets.ppp = false;
        offsets.geneve = true;
        return and(or(v4, v6), offsetsSet);
    }

    private static Value plus(Value v, long k) {
        return new Value.Binary(PcapTest.Arith.ADD, v, new Value.Constant(k));
    }
}
