package dev.sluice.grammar;

import static dev.sluice.grammar.Parsing.condition;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.dsl.model.Diagnostic;
import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.Expr.BinaryOp;
import dev.sluice.dsl.model.Expr.CompareOp;
import dev.sluice.dsl.model.Hook;
import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.SourceLocation;
import dev.sluice.dsl.model.Statement;
import dev.sluice.dsl.model.Verdict;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How expressions group (docs/LANGUAGE.md, "Expressions" and "Grouping and keywords"), and every header and statement. */
class ModelShapesTest {
    static final SourceLocation NOWHERE = SourceLocation.UNKNOWN;

    static Expr f(String name) {
        return new Expr.Field(name, NOWHERE);
    }

    static Expr n(long v) {
        return new Expr.IntLiteral(v, NOWHERE);
    }

    static Expr cmp(CompareOp op, Expr l, Expr r) {
        return new Expr.Compare(op, l, r, NOWHERE);
    }

    static Expr bin(BinaryOp op, Expr l, Expr r) {
        return new Expr.Binary(op, l, r, NOWHERE);
    }

    static Expr raw(String header, Expr offset, long size) {
        return new Expr.RawBytes(header, offset, size, NOWHERE);
    }

    /** {@code PROTO[OFFSET:SIZE]}: a single colon is raw bytes' separator, never an address (those need two). */
    @Test
    void rawBytesTakeAnyOffsetExpressionAndASize() {
        assertEquals(cmp(CompareOp.EQ, raw("tcp", n(12), 4), n(1)), condition("tcp[12:4] == 1"));
        assertEquals(cmp(CompareOp.EQ, raw("eth", n(0), 1), n(1)), condition("eth[0] == 1"));
        assertEquals(cmp(CompareOp.EQ, raw("payload", n(0), 4), new Expr.StringLiteral("GET ", NOWHERE)), condition("payload[0 : 4] == \"GET \""));
        Expr dataOffset = bin(BinaryOp.SHR, bin(BinaryOp.AND, raw("tcp", n(12), 1), n(0xf0)), n(2));
        assertEquals(cmp(CompareOp.EQ, raw("tcp", dataOffset, 4), n(0x47455420)), condition("tcp[((tcp[12] & 0xf0) >> 2):4] == 0x47455420"));
        assertEquals(cmp(CompareOp.EQ, raw("ip", bin(BinaryOp.ADD, n(1), n(2)), 2), n(3)), condition("ip[1 + 2:2] == 3"));
        // Any name parses; the compiler says which headers raw bytes read.
        assertEquals(raw("vlan", n(0), 3), ((Expr.Compare) condition("vlan[0:3] == 1")).left());
        assertEquals(new Expr.Ipv6(0, 1, NOWHERE), condition("ip6.src == ::1") instanceof Expr.Compare c ? c.right() : null);
    }

    /** {@code inner.PROTO[OFFSET:SIZE]}: the layer stays in the header's name, as in {@code inner.tcp.dport}; the offset may read inner bytes too. */
    @Test
    void innerRawBytesKeepTheLayerInTheHeadersName() {
        assertEquals(cmp(CompareOp.EQ, raw("inner.tcp", n(13), 1), n(2)), condition("inner.tcp[13] == 2"));
        assertEquals(cmp(CompareOp.EQ, raw("inner.payload", n(0), 4), new Expr.StringLiteral("GET ", NOWHERE)),
                condition("inner.payload[0:4] == \"GET \""));
        Expr dataOffset = bin(BinaryOp.SHR, bin(BinaryOp.AND, raw("inner.tcp", n(12), 1), n(0xf0)), n(2));
        assertEquals(cmp(CompareOp.EQ, raw("inner.tcp", dataOffset, 4), n(1)), condition("inner.tcp[((inner.tcp[12] & 0xf0) >> 2):4] == 1"));
        assertEquals(cmp(CompareOp.EQ, raw("inner.ip", n(9), 1), raw("ip", n(9), 1)), condition("inner.ip[9] == ip[9]"));
        // Any layer name parses, as for fields; the compiler refuses all but inner.
        assertEquals(raw("outer.vlan", n(0), 2), ((Expr.Compare) condition("outer.vlan[0:2] == 1")).left());
        // The layered field is unchanged beside it.
        assertEquals(cmp(CompareOp.EQ, f("inner.tcp.dport"), n(22)), condition("inner.tcp.dport == 22"));
    }

    /**
     * A second layer ({@code inner.inner.tcp.dport}, {@code inner.inner.tcp[0]}) parses into the name as
     * written, located at the second layer: the compiler refuses it there, one tunnel level being read.
     */
    @Test
    void aSecondLayerParsesAndIsLocatedAtIt() {
        assertEquals(cmp(CompareOp.EQ, f("inner.inner.tcp.dport"), n(22)), condition("inner.inner.tcp.dport == 22"));
        assertEquals(cmp(CompareOp.EQ, raw("inner.inner.tcp", n(0), 2), n(1)), condition("inner.inner.tcp[0:2] == 1"));
        assertEquals(f("inner.inner.inner.udp"), condition("inner.inner.inner.udp"));
        assertEquals(raw("inner.inner.payload", n(1), 1), ((Expr.Compare) condition("inner.inner.payload[1] == 1")).left());
        String text = "xdp { when inner.inner.tcp.dport == 22 or inner.inner.tcp[0] == 1 { } }";
        Expr.Or or = (Expr.Or) ((Statement.When) Parsing.script(text).programs().get(0).statements().get(0)).condition();
        SourceLocation field = ((Expr.Compare) or.left()).left().location();
        SourceLocation raw = ((Expr.Compare) or.right()).left().location();
        assertEquals(text.indexOf("inner.tcp.dport") + 1, field.column());
        assertEquals(text.indexOf("inner.tcp[") + 1, raw.column());
    }

    @Test
    void notBindsLooserThanAComparison() {
        assertEquals(new Expr.Not(cmp(CompareOp.EQ, f("tcp.dport"), n(22)), NOWHERE), condition("not tcp.dport == 22"));
        assertEquals(new Expr.Not(cmp(CompareOp.EQ, f("tcp.dport"), n(22)), NOWHERE), condition("! tcp.dport == 22"));
    }

    @Test
    void ampersandBindsTighterThanEquals() {
        assertEquals(cmp(CompareOp.EQ, bin(BinaryOp.AND, f("tcp.flags"), n(0x12)), n(2)), condition("tcp.flags & 0x12 == 0x02"));
    }

    @Test
    void andBindsTighterThanOr() {
        Expr a = f("a");
        Expr b = f("b");
        Expr c = f("c");
        assertEquals(new Expr.Or(a, new Expr.And(b, c, NOWHERE), NOWHERE), condition("a or b and c"));
        assertEquals(new Expr.Or(new Expr.And(a, b, NOWHERE), c, NOWHERE), condition("a && b || c"));
        assertEquals(new Expr.And(new Expr.Or(a, b, NOWHERE), c, NOWHERE), condition("(a or b) and c"));
        assertEquals(new Expr.And(new Expr.Not(a, NOWHERE), b, NOWHERE), condition("not a and b"));
    }

    @Test
    void arithmeticPrecedenceAndLeftAssociativity() {
        // 1 + 2 * 3 << 4 | 5 & 6  ==  ((1 + (2 * 3)) << 4) | (5 & 6)
        Expr expected = bin(BinaryOp.OR,
                bin(BinaryOp.SHL, bin(BinaryOp.ADD, n(1), bin(BinaryOp.MUL, n(2), n(3))), n(4)),
                bin(BinaryOp.AND, n(5), n(6)));
        assertEquals(cmp(CompareOp.GT, expected, n(0)), condition("1 + 2 * 3 << 4 | 5 & 6 > 0"));
        assertEquals(cmp(CompareOp.NE, bin(BinaryOp.SUB, bin(BinaryOp.SUB, n(9), n(3)), n(2)), n(0)), condition("9 - 3 - 2 != 0"));
        assertEquals(cmp(CompareOp.LE, bin(BinaryOp.MOD, bin(BinaryOp.DIV, f("arg0"), n(3)), n(2)), f("arg1")), condition("arg0 / 3 % 2 <= arg1"));
        assertEquals(cmp(CompareOp.GE, bin(BinaryOp.SHR, f("pc"), n(12)), n(1)), condition("pc >> 12 >= 1"));
        assertEquals(cmp(CompareOp.LT, bin(BinaryOp.MUL, bin(BinaryOp.ADD, n(1), n(2)), n(3)), n(10)), condition("(1 + 2) * 3 < 10"));
    }

    @Test
    void notInAndNotBeforeIn() {
        Expr.SetRef trusted = new Expr.SetRef.Named("trusted", NOWHERE);
        assertEquals(new Expr.In(f("ip.src"), trusted, true, NOWHERE), condition("ip.src not in trusted"));
        assertEquals(new Expr.Not(new Expr.In(f("ip.src"), trusted, false, NOWHERE), NOWHERE), condition("not ip.src in trusted"));
        assertEquals(new Expr.And(f("tcp"), new Expr.In(f("tcp.dport"), new Expr.SetRef.Range(1, 2, NOWHERE), false, NOWHERE), NOWHERE),
                condition("tcp and tcp.dport in 1..2"));
    }

    @Test
    void fieldsProtocolsAndCalls() {
        assertEquals(f("tcp"), condition("tcp"));
        assertEquals(f("tcp.syn"), condition("tcp.syn"));
        assertEquals(f("dev.read"), condition("dev.read"));
        assertEquals(cmp(CompareOp.EQ, new Expr.Call("str", List.of(f("args.filename")), NOWHERE), new Expr.StringLiteral("/etc/passwd", NOWHERE)),
                condition("str(args.filename) == \"/etc/passwd\""));
    }

    @Test
    void everyHookHeader() {
        List<Program> programs = Parsing.script("""
                xdp { } xdp named { } tc ingress { } tc egress t { } socket { } socket s { }
                cgroup ingress { } cgroup egress c { } cgroup device d { }
                kprobe f { } kretprobe f { } uprobe "/bin/bash" readline { } uretprobe "/lib/libc.so.6" malloc { }
                tracepoint sched:sched_switch { } profile hz 99 { }
                """).programs();
        assertEquals(List.of(new Hook.Xdp(), new Hook.Xdp(), new Hook.Tc(true), new Hook.Tc(false), new Hook.Socket(), new Hook.Socket(),
                new Hook.Cgroup(Hook.CgroupKind.INGRESS), new Hook.Cgroup(Hook.CgroupKind.EGRESS), new Hook.Cgroup(Hook.CgroupKind.DEVICE),
                new Hook.Kprobe("f", false), new Hook.Kprobe("f", true), new Hook.Uprobe("/bin/bash", "readline", false),
                new Hook.Uprobe("/lib/libc.so.6", "malloc", true), new Hook.Tracepoint("sched", "sched_switch"), new Hook.Profile(99)),
                programs.stream().map(Program::hook).toList());
        assertEquals(List.of("xdp", "xdp", "tc_ingress", "tc_egress", "socket", "socket", "cgroup_ingress", "cgroup_egress", "cgroup_device",
                        "kprobe", "kretprobe", "uprobe", "uretprobe", "tracepoint", "profile"),
                programs.stream().map(p -> p.hook().kind()).toList());
        assertEquals(List.of(Optional.empty(), Optional.of("named"), Optional.empty(), Optional.of("t"), Optional.empty(), Optional.of("s")),
                programs.subList(0, 6).stream().map(Program::name).toList());
        assertEquals(new SourceLocation("t.ebpf", 3, 14), programs.get(10).location());
    }

    @Test
    void profileTakesHzOnly() {
        List<Diagnostic> e = Parsing.errors("profile khz 99 { }");
        assertEquals(List.of(Parsing.error("t.ebpf", 1, 9, 3, "expected 'hz' (samples a second, as in 'profile hz 99'), found 'khz'")), e);
    }

    @Test
    void everyStatement() {
        Program p = Unlocated.of(Parsing.script("""
                kretprobe vfs_read {
                    hist sizes retval by comm; sum bytes retval * 2 by (pid, comm) ;
                    sum total retval
                    count calls
                    print "x %d %s", retval, comm
                    print "plain"
                }
                """).programs().get(0));
        assertEquals(List.of(
                new Statement.Hist("sizes", f("retval"), List.of(f("comm")), NOWHERE),
                new Statement.Sum("bytes", bin(BinaryOp.MUL, f("retval"), n(2)), List.of(f("pid"), f("comm")), NOWHERE),
                new Statement.Sum("total", f("retval"), List.of(), NOWHERE),
                new Statement.Count("calls", List.of(), NOWHERE),
                new Statement.Print("x %d %s", List.of(f("retval"), f("comm")), NOWHERE),
                new Statement.Print("plain", List.of(), NOWHERE)), p.statements());
    }

    @Test
    void everyVerdict() {
        List<Program> ps = Parsing.script("xdp { redirect eth1 redirect \"if-with-dash\" tx abort pass drop }\nsocket { truncate 64 }").programs();
        assertEquals(List.of(new Verdict.Redirect("eth1"), new Verdict.Redirect("if-with-dash"), new Verdict.Tx(), new Verdict.Abort(),
                        new Verdict.Pass(), new Verdict.Drop(), new Verdict.Truncate(64)),
                java.util.stream.Stream.concat(ps.get(0).statements().stream(), ps.get(1).statements().stream())
                        .map(s -> ((Statement.Return) s).verdict()).toList());
    }

    @Test
    void nestedWhenAndEmptyStatements() {
        Program p = Unlocated.of(Parsing.script("xdp { ; when ip { when tcp { drop ; } ; } }").programs().get(0));
        assertEquals(List.of(new Statement.When(f("ip"), List.of(new Statement.When(f("tcp"),
                List.of(new Statement.Return(new Verdict.Drop(), NOWHERE)), NOWHERE)), NOWHERE)), p.statements());
    }

    @Test
    void aSetDefinedTwiceIsAnError() {
        List<Diagnostic> e = Parsing.errors("set a = {1}\nset a = {2}");
        assertEquals(List.of(Parsing.error("t.ebpf", 2, 5, 1, "set a is already defined at line 1")), e);
    }
}
