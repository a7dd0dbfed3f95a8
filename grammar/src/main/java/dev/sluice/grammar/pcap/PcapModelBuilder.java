package dev.sluice.grammar.pcap;

import dev.sluice.dsl.model.PcapArith;
import dev.sluice.dsl.model.PcapExpr;
import dev.sluice.dsl.model.PcapProtocol;
import dev.sluice.dsl.model.PcapQualifiers;
import dev.sluice.dsl.model.PcapQualifiers.Direction;
import dev.sluice.dsl.model.PcapQualifiers.Kind;
import java.util.Optional;
import java.util.OptionalLong;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Turns a pcap-filter parse tree into the dsl's {@link PcapExpr}, in the order written. A bare value
 * after {@code and}/{@code or} takes the qualifiers of the last qualified primitive, as libpcap's
 * grammar passes them on; a protocol test, relation or other primitive ends that, and parentheses
 * hand back what held before them. Values are checked by {@link PcapValues}.
 */
final class PcapModelBuilder {
    /** The qualifiers a bare value would take now, if any. */
    private Optional<PcapQualifiers> inherited = Optional.empty();

    PcapExpr expr(PcapParser.ExprContext ctx) {
        PcapExpr result = term(ctx.term());
        for (int i = 0; i < ctx.logic().size(); i++) {
            PcapParser.ContinuationContext next = ctx.continuation(i);
            PcapExpr right;
            if (next instanceof PcapParser.TermContinuationContext t) {
                right = term(t.term());
            } else {
                PcapParser.ValueContext v = ((PcapParser.ValueContinuationContext) next).value();
                PcapQualifiers q = inherited.orElseThrow(() -> PcapSyntaxError.at(v.getStart(),
                        "`" + v.getText() + "` has no qualifier to take (write host, net, port, ... before it)"));
                right = value(v, q);
            }
            result = combine(ctx.logic(i), result, right);
        }
        return result;
    }

    private static PcapExpr combine(PcapParser.LogicContext logic, PcapExpr left, PcapExpr right) {
        int column = column(logic.getStart());
        return logic.AND() != null ? new PcapExpr.And(left, right, column) : new PcapExpr.Or(left, right, column);
    }

    private PcapExpr term(PcapParser.TermContext ctx) {
        int column = column(ctx.getStart());
        if (ctx instanceof PcapParser.NotTermContext n) return new PcapExpr.Not(term(n.term()), column);
        if (ctx instanceof PcapParser.GroupTermContext g) {
            Optional<PcapQualifiers> before = inherited;
            PcapExpr inner = expr(g.expr());
            inherited = before;
            return inner;
        }
        if (ctx instanceof PcapParser.QualifiedTermContext q) {
            PcapQualifiers qualifiers = head(q.head());
            inherited = Optional.of(qualifiers);
            return value(q.value(), qualifiers);
        }
        inherited = Optional.empty();
        if (ctx instanceof PcapParser.RelationTermContext r) {
            return new PcapExpr.Relation(arith(r.arith(0)), relop(r.relop()), arith(r.arith(1)), column);
        }
        if (ctx instanceof PcapParser.ProtocolTermContext p) return new PcapExpr.Protocol(protocol(p.pname()), column);
        return other(((PcapParser.OtherTermContext) ctx).other(), column);
    }

    private static PcapQualifiers head(PcapParser.HeadContext h) {
        PcapProtocol protocol = h.pname() == null ? PcapProtocol.DEFAULT : protocol(h.pname());
        Direction direction = Direction.DEFAULT;
        if (h.dqual() != null) {
            PcapParser.DqualContext d = h.dqual();
            if (d.OR() != null) direction = Direction.OR;
            else if (d.AND() != null) direction = Direction.AND;
            else direction = d.SRC() != null ? Direction.SRC : Direction.DST;
        }
        Kind kind = Kind.DEFAULT;
        if (h.akind() != null) {
            PcapParser.AkindContext a = h.akind();
            kind = a.HOST() != null ? Kind.HOST : a.NET() != null ? Kind.NET : a.PORT() != null ? Kind.PORT : Kind.PORTRANGE;
        } else if (h.PROTO() != null) {
            kind = Kind.PROTO;
        } else if (h.PROTOCHAIN() != null) {
            kind = Kind.PROTOCHAIN;
        }
        return new PcapQualifiers(protocol, direction, kind);
    }

    private PcapExpr value(PcapParser.ValueContext v, PcapQualifiers q) {
        int column = column(v.getStart());
        if (v instanceof PcapParser.NotValueContext n) return new PcapExpr.Not(value(n.value(), q), column);
        if (v instanceof PcapParser.ValueGroupContext g) {
            PcapExpr result = value(g.value(0), q);
            for (int i = 0; i < g.logic().size(); i++) result = combine(g.logic(i), result, value(g.value(i + 1), q));
            return result;
        }
        return PcapValues.primitive(((PcapParser.AddressValueContext) v).address(), q, column);
    }

    private PcapExpr other(PcapParser.OtherContext o, int column) {
        if (o instanceof PcapParser.BroadcastContext b) {
            PcapProtocol p = b.pname() == null ? PcapProtocol.DEFAULT : protocol(b.pname());
            if (p != PcapProtocol.DEFAULT && p != PcapProtocol.ETHER) {
                throw PcapSyntaxError.at(o.getStart(), "`" + p.word() + " broadcast` needs the capture's netmask, which a packet filter does not have");
            }
            return new PcapExpr.Broadcast(p, column);
        }
        if (o instanceof PcapParser.MulticastContext m) {
            PcapProtocol p = m.pname() == null ? PcapProtocol.DEFAULT : protocol(m.pname());
            if (p != PcapProtocol.DEFAULT && p != PcapProtocol.ETHER && p != PcapProtocol.IP && p != PcapProtocol.IP6) {
                throw PcapSyntaxError.at(o.getStart(), "`multicast` applies to ether, ip and ip6, not " + p.word());
            }
            return new PcapExpr.Multicast(p, column);
        }
        if (o instanceof PcapParser.LessContext l) return new PcapExpr.Length(true, PcapValues.number(l.number()), column);
        if (o instanceof PcapParser.GreaterContext g) return new PcapExpr.Length(false, PcapValues.number(g.number()), column);
        if (o instanceof PcapParser.ByteTestContext b) return byteTest(b, column);
        PcapExpr.Encapsulation.Kind kind;
        PcapParser.PnumContext n;
        if (o instanceof PcapParser.VlanContext v) {
            kind = PcapExpr.Encapsulation.Kind.VLAN;
            n = v.pnum();
        } else if (o instanceof PcapParser.MplsContext m) {
            kind = PcapExpr.Encapsulation.Kind.MPLS;
            n = m.pnum();
        } else if (o instanceof PcapParser.PppoesContext p) {
            kind = PcapExpr.Encapsulation.Kind.PPPOES;
            n = p.pnum();
        } else if (o instanceof PcapParser.GeneveContext g) {
            kind = PcapExpr.Encapsulation.Kind.GENEVE;
            n = g.pnum();
        } else {
            return new PcapExpr.Encapsulation(PcapExpr.Encapsulation.Kind.PPPOED, OptionalLong.empty(), column);
        }
        OptionalLong number = n == null ? OptionalLong.empty() : OptionalLong.of(pnum(n));
        long max = switch (kind) {
            case VLAN -> 0x0fff;
            case MPLS -> 0xfffff;
            case PPPOES -> 0xffff;
            default -> 0xffffff;
        };
        if (number.isPresent() && number.getAsLong() > max) {
            throw PcapSyntaxError.at(n.getStart(), kind.name().toLowerCase() + " number " + number.getAsLong() + " is greater than the maximum " + max);
        }
        return new PcapExpr.Encapsulation(kind, number, column);
    }

    /** {@code byte N OP V}: ether[N] compared with V; libpcap's {@code &} and {@code |} forms test no packet byte. */
    private static PcapExpr byteTest(PcapParser.ByteTestContext b, int column) {
        PcapArith load = new PcapArith.Load(PcapProtocol.ETHER, new PcapArith.Number(PcapValues.number(b.index)), 1);
        PcapArith value = new PcapArith.Number(PcapValues.number(b.operand));
        PcapParser.ByteopContext op = b.byteop();
        if (op.AMP() != null || op.PIPE() != null) {
            throw PcapSyntaxError.at(op.getStart(), "`byte N " + op.getText() + " V` does not test a packet byte in libpcap; write ether[N] " + op.getText() + " V != 0");
        }
        PcapExpr.Relop relop = op.LT() != null ? PcapExpr.Relop.LT : op.GT() != null ? PcapExpr.Relop.GT : PcapExpr.Relop.EQ;
        return new PcapExpr.Relation(load, relop, value, column);
    }

    private static long pnum(PcapParser.PnumContext n) {
        return n.number() != null ? PcapValues.number(n.number()) : pnum(n.pnum());
    }

    private PcapArith arith(PcapParser.ArithContext a) {
        if (a instanceof PcapParser.NegateContext n) return new PcapArith.Negate(arith(n.arith()));
        if (a instanceof PcapParser.ConstantContext c) return new PcapArith.Number(PcapValues.number(c.number()));
        if (a instanceof PcapParser.LengthContext) return new PcapArith.Length();
        if (a instanceof PcapParser.ParenArithContext p) return arith(p.arith());
        if (a instanceof PcapParser.LoadContext l) {
            int size = l.size == null ? 1 : (int) PcapValues.number(l.size);
            if (size != 1 && size != 2 && size != 4) throw PcapSyntaxError.at(l.size.getStart(), "data size must be 1, 2, or 4");
            PcapProtocol p = protocol(l.pname());
            return new PcapArith.Load(p, arith(l.arith()), size);
        }
        PcapParser.ArithContext left;
        PcapParser.ArithContext right;
        Token op;
        if (a instanceof PcapParser.MultiplicativeContext m) {
            left = m.arith(0); right = m.arith(1); op = m.op;
        } else if (a instanceof PcapParser.AdditiveContext m) {
            left = m.arith(0); right = m.arith(1); op = m.op;
        } else if (a instanceof PcapParser.ShiftContext m) {
            left = m.arith(0); right = m.arith(1); op = m.op;
        } else if (a instanceof PcapParser.BitAndContext m) {
            left = m.arith(0); right = m.arith(1); op = m.AMP().getSymbol();
        } else {
            PcapParser.BitOrContext m = (PcapParser.BitOrContext) a;
            left = m.arith(0); right = m.arith(1); op = m.op;
        }
        PcapArith.Op o = switch (op.getText()) {
            case "*" -> PcapArith.Op.MUL;
            case "/" -> PcapArith.Op.DIV;
            case "%" -> PcapArith.Op.MOD;
            case "+" -> PcapArith.Op.ADD;
            case "-" -> PcapArith.Op.SUB;
            case "<<" -> PcapArith.Op.LSH;
            case ">>" -> PcapArith.Op.RSH;
            case "&" -> PcapArith.Op.AND;
            case "|" -> PcapArith.Op.OR;
            default -> PcapArith.Op.XOR;
        };
        PcapArith r = arith(right);
        if ((o == PcapArith.Op.DIV || o == PcapArith.Op.MOD) && r instanceof PcapArith.Number k && k.value() == 0) {
            throw PcapSyntaxError.at(op, (o == PcapArith.Op.DIV ? "division" : "modulus") + " by zero");
        }
        if ((o == PcapArith.Op.LSH || o == PcapArith.Op.RSH) && r instanceof PcapArith.Number k && k.value() > 31) {
            throw PcapSyntaxError.at(op, "shift by more than 31 bits");
        }
        return new PcapArith.Binary(o, arith(left), r);
    }

    private static PcapExpr.Relop relop(PcapParser.RelopContext r) {
        if (r.GT() != null) return PcapExpr.Relop.GT;
        if (r.GE() != null) return PcapExpr.Relop.GE;
        if (r.EQ() != null) return PcapExpr.Relop.EQ;
        if (r.NE() != null) return PcapExpr.Relop.NE;
        if (r.LT() != null) return PcapExpr.Relop.LT;
        return PcapExpr.Relop.LE;
    }

    static PcapProtocol protocol(PcapParser.PnameContext p) {
        if (p.LINK() != null) return PcapProtocol.ETHER;
        String word = p.getText();
        for (PcapProtocol candidate : PcapProtocol.values()) if (candidate.word().equals(word)) return candidate;
        throw PcapSyntaxError.at(p.getStart(), "`" + word + "` is a protocol family Sluice does not compile");
    }

    static int column(Token t) {
        return t.getCharPositionInLine() + 1;
    }

    static int column(ParserRuleContext c) {
        return column(c.getStart());
    }

    static int column(TerminalNode t) {
        return column(t.getSymbol());
    }
}
