package dev.sluice.compiler.pcap;

import static dev.sluice.compiler.pcap.PcapTest.and;

import dev.sluice.compiler.pcap.PcapTest.Op;
import dev.sluice.compiler.pcap.PcapTest.Value;
import dev.sluice.dsl.model.PcapArith;
import dev.sluice.dsl.model.PcapExpr;
import dev.sluice.dsl.model.PcapProtocol;
import java.util.ArrayList;
import java.util.List;

/**
 * Relations and {@code PROTO[EXPR:SIZE]} accessors, as gen_relation and gen_load_internal build them:
 * the protocol tests the accessors imply come first (left side, then right), then the values are
 * computed, loads included, left then right.
 */
final class PcapLoads {
    private final PcapPrimitives g;
    private final LinkOffsets o;
    private final List<PcapTest> implied = new ArrayList<>();

    private PcapLoads(PcapPrimitives g, LinkOffsets o) {
        this.g = g;
        this.o = o;
    }

    static PcapTest relation(PcapPrimitives g, LinkOffsets o, PcapExpr.Relation r) {
        PcapLoads loads = new PcapLoads(g, o);
        Value left = loads.value(r.left());
        Value right = loads.value(r.right());
        Op op = switch (r.op()) {
            case GT -> Op.GT;
            case GE -> Op.GE;
            case EQ -> Op.EQ;
            case NE -> Op.NE;
            case LT -> Op.LT;
            case LE -> Op.LE;
        };
        PcapTest test = new PcapTest.Compare(left, op, right, true);
        PcapTest checks = null;
        for (PcapTest t : loads.implied) checks = checks == null ? t : and(checks, t);
        return checks == null ? test : and(checks, test);
    }

    private Value value(PcapArith a) {
        if (a instanceof PcapArith.Number n) return new Value.Constant(n.value() & 0xffffffffL);
        if (a instanceof PcapArith.Length) return new Value.Length();
        if (a instanceof PcapArith.Negate n) return new Value.Negate(value(n.operand()));
        if (a instanceof PcapArith.Binary b) {
            Value left = value(b.left());
            Value right = value(b.right());
            return new Value.Binary(PcapTest.Arith.valueOf(b.op().name()), left, right);
        }
        PcapArith.Load load = (PcapArith.Load) a;
        int mark = implied.size();
        Value index = value(load.index());
        int size = load.size();
        PcapProtocol p = load.protocol();
        java.util.OptionalLong folded = o.optimized ? constant(index) : java.util.OptionalLong.empty();
        switch (p) {
            case ETHER:
                if (folded.isPresent() && !o.linkHeader.variable()) return Value.at((o.linkHeader.constant() + folded.getAsLong()) & 0xffffffffL, size);
                return o.linkHeader.indexed(index, 0, size);
            case IP, ARP, RARP, IP6:
                implied.add(g.protocol(p));
                if (folded.isPresent()) return Value.at((o.networkLayer().constant() + folded.getAsLong()) & 0xffffffffL, size);
                return o.networkLayer().indexed(index, 0, size);
            case ICMP6: {
                PcapTest ip6 = g.protocol(PcapProtocol.IP6);
                implied.add(and(ip6, PcapPrimitives.cmp(g.network(6, 1), Op.EQ, 58)));
                if (folded.isPresent()) return Value.at((o.networkLayer().constant() + 40 + folded.getAsLong()) & 0xffffffffL, size);
                return o.networkLayer().indexed(index, 40, size);
            }
            default: {
                // tcp, udp, icmp, ...: ip first, the index's own tests, the protocol, not a later fragment.
                PcapTest unfragmented = PcapTest.not(new PcapTest.Compare(new Value.Binary(PcapTest.Arith.AND, g.network(6, 2),
                        new Value.Constant(0x1fff)), Op.NE, new Value.Constant(0)));
                PcapTest own = and(g.protocol(p), unfragmented);
                List<PcapTest> indexTests = new ArrayList<>(implied.subList(mark, implied.size()));
                implied.subList(mark, implied.size()).clear();
                PcapTest chain = own;
                for (int i = indexTests.size() - 1; i >= 0; i--) chain = and(indexTests.get(i), chain);
                implied.add(and(g.protocol(PcapProtocol.IP), chain));
                if (folded.isPresent()) return new Value.Load(g.ipHeaderLength(), (o.networkLayer().constant() + folded.getAsLong()) & 0xffffffffL, size);
                Value dynamic = new Value.Binary(PcapTest.Arith.ADD, index, g.ipHeaderLength());
                return new Value.Load(dynamic, o.networkLayer().constant(), size);
            }
        }
    }

    /**
     * The value of an index made of constants only, 32-bit. libpcap's optimiser folds such an index
     * into the load's own offset, which wraps modulo 2^32 ({@code ip[0xffffffff]} reads byte 13);
     * without the optimiser the sum is checked against the packet's length and rejects.
     */
    private static java.util.OptionalLong constant(Value v) {
        if (v instanceof Value.Constant k) return java.util.OptionalLong.of(k.value() & 0xffffffffL);
        if (v instanceof Value.Negate n) {
            java.util.OptionalLong x = constant(n.operand());
            return x.isPresent() ? java.util.OptionalLong.of(-x.getAsLong() & 0xffffffffL) : x;
        }
        if (!(v instanceof Value.Binary b)) return java.util.OptionalLong.empty();
        java.util.OptionalLong l = constant(b.left());
        java.util.OptionalLong r = constant(b.right());
        if (l.isEmpty() || r.isEmpty()) return java.util.OptionalLong.empty();
        long x = l.getAsLong();
        long y = r.getAsLong();
        long result = switch (b.op()) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> y == 0 ? -1 : x / y;
            case MOD -> y == 0 ? -1 : x % y;
            case AND -> x & y;
            case OR -> x | y;
            case XOR -> x ^ y;
            case LSH -> y > 31 ? 0 : x << y;
            case RSH -> y > 31 ? 0 : x >>> y;
        };
        if ((b.op() == PcapTest.Arith.DIV || b.op() == PcapTest.Arith.MOD) && y == 0) return java.util.OptionalLong.empty();
        return java.util.OptionalLong.of(result & 0xffffffffL);
    }
}
