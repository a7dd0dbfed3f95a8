package dev.sluice.compiler.lower;

import static dev.sluice.dsl.Sluice.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.compiler.check.CompileException;
import dev.sluice.dsl.model.Diagnostic;
import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.Hook;
import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.SourceLocation;
import dev.sluice.dsl.model.Statement;
import dev.sluice.dsl.model.Verdict;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The checks of docs/LANGUAGE.md, each reported at the Java line (or script position) that caused it. */
class ModelLoweringTest {
    private static final SourceLocation AT = new SourceLocation("rules.ebpf", 3, 10);

    private static List<Diagnostic> errors(Program p) {
        CompileException e = assertThrows(CompileException.class, () -> SluiceCompiler.compile(p));
        return e.diagnostics();
    }

    private static int lineHere() {
        return StackWalker.getInstance().walk(s -> s.skip(1).findFirst().orElseThrow()).getLineNumber();
    }

    @Test
    void anOutOfRangePortNamesTheJavaLine() {
        int line = lineHere() + 1;
        Program p = xdp().when(tcp().dport(70000)).drop();
        Diagnostic d = errors(p).get(0);
        assertEquals("70000 is out of range for tcp.dport (0 to 65535)", d.message());
        assertEquals(new SourceLocation("ModelLoweringTest.java", line, 0), d.location());
        assertEquals("ModelLoweringTest.java:" + line + ": 70000 is out of range for tcp.dport (0 to 65535)", d.toString());
    }

    @Test
    void aVlanIdHasTwelveBits() {
        assertEquals("5000 is out of range for vlan.id (0 to 4095)", errors(xdp().when(vlan().id().eq(5000)).drop()).get(0).message());
    }

    @Test
    void aCidrWithEqualsSuggestsIn() {
        String m = errors(xdp().when(ip().src().eq("10.0.0.0/8")).drop()).get(0).message();
        assertEquals("a CIDR needs `in`, not == (ip.src in ...)", m);
    }

    @Test
    void aTypeMismatchSaysBothTypes() {
        Program p = program(new Hook.Xdp(), when(new Expr.Compare(Expr.CompareOp.EQ, field("tcp.dport"), new Expr.Ipv4(0x01020304L, AT), AT),
                new Statement.Return(new Verdict.Drop(), AT)));
        assertEquals("type mismatch: tcp.dport is a 16-bit number, not an IPv4 address", errors(p).get(0).message());
    }

    @Test
    void verdictsFollowTheHook() {
        assertEquals("tx is not a verdict of cgroup_egress programs (they take pass, drop)",
                errors(cgroupEgress().when(udp()).tx()).get(0).message());
        assertEquals("truncate is not a verdict of xdp programs (they take pass, drop, tx, abort, redirect IFNAME)",
                errors(xdp().when(udp()).truncate(64)).get(0).message());
        assertDoesNotThrow(() -> SluiceCompiler.compile(socket().when(udp()).truncate(64)));
    }

    @Test
    void statementsAfterAnUnconditionalVerdictAreAnError() {
        int line = lineHere() + 1;
        Program p = xdp().otherwise().drop().when(tcp()).count("late").end();
        Diagnostic d = errors(p).get(0);
        assertEquals("this statement never runs: an unconditional verdict before it ends the program", d.message());
        assertEquals(line, d.location().line());
    }

    @Test
    void anUndefinedSetSuggestsTheNearestOne() {
        Program p = Program.of(new Hook.Xdp(), Optional.empty(),
                List.of(when(new Expr.In(field("ip.src"), new Expr.SetRef.Named("trusted", AT), false, AT), new Statement.Return(new Verdict.Drop(), AT))),
                List.of(new dev.sluice.dsl.model.NamedSet("trusty", List.of(new Expr.Cidr(false, 0x0a000000L, 0, 8, AT)), List.of(), AT)), AT);
        assertEquals("undefined set trusted; did you mean trusty?", errors(p).get(0).message());
    }

    @Test
    void anUnknownFieldSuggestsTheNearestOne() {
        Program p = program(new Hook.Xdp(), when(new Expr.Compare(Expr.CompareOp.EQ, field("tcp.dprot"), new Expr.IntLiteral(22, AT), AT),
                new Statement.Return(new Verdict.Drop(), AT)));
        Diagnostic d = errors(p).get(0);
        assertEquals("unknown field tcp.dprot in xdp programs; did you mean tcp.dport?", d.message());
        assertEquals("rules.ebpf:3:10", d.location().toString());
    }

    @Test
    void everyErrorIsReportedInOneRun() {
        Program p = xdp().when(tcp().dport(70000)).drop()
                .when(ip().src().eq("10.0.0.0/8")).count("x").end()
                .when(udp().dport(99999)).tx();
        assertEquals(3, errors(p).size());
    }

    @Test
    void errorsOfSeveralProgramsAreCollectedTogether() {
        CompileException e = assertThrows(CompileException.class, () -> SluiceCompiler.compile(List.of(
                xdp().when(tcp().dport(70000)).drop(), cgroupIngress().when(udp()).tx())));
        assertEquals(2, e.diagnostics().size());
    }

    @Test
    void aRuleCoveredByAnEarlierVerdictIsAWarning() {
        int line = lineHere() + 2;
        CompiledProgram c = SluiceCompiler.compile(xdp().when(tcp()).drop()
                .when(tcp().dport(22)).count("ssh").end());
        assertEquals(1, c.warnings().size());
        Diagnostic w = c.warnings().get(0);
        assertEquals(Diagnostic.Severity.WARNING, w.severity());
        assertEquals(line, w.location().line());
        assertTrue(w.message().startsWith("this rule never runs: the rule at ModelLoweringTest.java:" + (line - 1)), w.message());
    }

    @Test
    void aRuleNotCoveredIsNoWarning() {
        assertEquals(List.of(), SluiceCompiler.compile(xdp().when(tcp().dport(22)).drop().when(tcp()).count("tcp").end()).warnings());
        assertEquals(List.of(), SluiceCompiler.compile(xdp().when(tcp()).count("all").end().when(tcp().dport(22)).drop()).warnings());
        assertEquals(List.of(), SluiceCompiler.compile(xdp().when(udp()).drop().when(tcp().dport(22)).drop()).warnings());
    }

    @Test
    void unnamedProgramsAreNumberedPerHookKind() {
        List<CompiledProgram> c = SluiceCompiler.compile(List.of(xdp().otherwise().pass(), tcEgress().otherwise().pass(),
                xdp("fw").otherwise().pass(), xdp().otherwise().pass()));
        assertEquals(List.of("xdp_1", "tc_egress_1", "fw", "xdp_3"), c.stream().map(CompiledProgram::name).toList());
    }

    private static Expr.Field field(String name) {
        return new Expr.Field(name, AT);
    }

    private static Statement when(Expr condition, Statement... body) {
        return new Statement.When(condition, List.of(body), AT);
    }

    private static Program program(Hook hook, Statement... statements) {
        return Program.of(hook, Optional.empty(), List.of(statements), List.of(), AT);
    }
}
