package dev.sluice.grammar;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.Hook;
import dev.sluice.dsl.model.NamedSet;
import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.Script;
import dev.sluice.dsl.model.SourceLocation;
import dev.sluice.dsl.model.Statement;
import dev.sluice.dsl.model.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/LANGUAGE.md's "A first look" as a model: hooks, statements, sets and where each node came from. */
class FirstLookTest {
    @TempDir
    Path dir;
    Script script;

    @BeforeEach
    void parse() throws IOException {
        Files.writeString(dir.resolve("blocked.txt"), "# known bad\n203.0.113.7\n\n198.51.100.0/24  # a range\n2001:db8:bad::/48\n");
        Scripts.Result result = Scripts.parse(EbpfParserTest.FIRST_LOOK, "firewall.ebpf", dir);
        assertEquals(List.of(), result.diagnostics());
        script = result.script().orElseThrow();
    }

    static SourceLocation at(int line, int column) {
        return new SourceLocation("firewall.ebpf", line, column);
    }

    @Test
    void setsInlineAndFromAFile() {
        assertEquals(List.of("trusted", "blocked"), script.sets().stream().map(NamedSet::name).toList());
        NamedSet trusted = script.sets().get(0);
        assertEquals(at(2, 5), trusted.location());
        assertEquals(new Expr.Cidr(false, 0x0a000000L, 0, 8, at(2, 17)), trusted.members().get(0));
        assertEquals(new Expr.Cidr(false, 0xc0a80000L, 0, 16, at(2, 29)), trusted.members().get(1));
        assertEquals(new Expr.Cidr(true, 0xfd00000000000000L, 0, 8, at(2, 45)), trusted.members().get(2));
        assertEquals(Optional.empty(), trusted.file());

        NamedSet blocked = script.sets().get(1);
        assertEquals(Optional.of("blocked.txt"), blocked.file());
        assertEquals(List.of(
                new Expr.Ipv4(0xcb007107L, new SourceLocation("blocked.txt", 2, 1)),
                new Expr.Cidr(false, 0xc6336400L, 0, 24, new SourceLocation("blocked.txt", 4, 1)),
                new Expr.Cidr(true, 0x20010db80badL << 16, 0, 48, new SourceLocation("blocked.txt", 5, 1))),
                blocked.members());
    }

    @Test
    void everyProgramSeesTheScriptsSets() {
        assertEquals(4, script.programs().size());
        for (Program p : script.programs()) assertEquals(script.sets(), p.sets());
    }

    @Test
    void theFirewallsFirstRule() {
        Program fw = script.programs().get(0);
        assertEquals(new Hook.Xdp(), fw.hook());
        assertEquals(Optional.of("firewall"), fw.name());
        assertEquals(at(5, 1), fw.location());
        assertEquals(5, fw.statements().size());

        Statement.When first = (Statement.When) fw.statements().get(0);
        assertEquals(at(6, 5), first.location());
        Expr expected = new Expr.And(
                new Expr.Compare(Expr.CompareOp.EQ, new Expr.Field("tcp.dport", at(6, 10)), new Expr.IntLiteral(22, at(6, 23)), at(6, 20)),
                new Expr.In(new Expr.Field("ip.src", at(6, 30)), new Expr.SetRef.Named("trusted", at(6, 44)), true, at(6, 37)),
                at(6, 26));
        assertEquals(expected, first.condition());
        assertEquals(List.of(new Statement.Return(new Verdict.Drop(), at(6, 54))), first.body());
    }

    @Test
    void countsSetsAndRanges() {
        List<Statement> rules = script.programs().get(0).statements();
        Statement.When blocked = (Statement.When) rules.get(1);
        assertEquals(List.of(new Statement.Count("blocked_hits", List.of(), at(7, 30)), new Statement.Return(new Verdict.Drop(), at(7, 50))),
                blocked.body());
        Expr.In dns = (Expr.In) ((Statement.When) rules.get(2)).condition();
        assertEquals(new Expr.SetRef.Inline(List.of(new Expr.IntLiteral(53, at(8, 24)), new Expr.IntLiteral(5353, at(8, 28)))), dns.set());
        Expr.And synOnly = (Expr.And) ((Statement.When) rules.get(3)).condition();
        Expr.In ports = (Expr.In) synOnly.right();
        assertEquals(new Expr.SetRef.Range(1000, 2000, at(9, 51)), ports.set());
        Expr.And left = (Expr.And) synOnly.left();
        assertEquals(new Expr.Not(new Expr.Field("tcp.ack", at(9, 26)), at(9, 22)), left.right());
        assertEquals(new Statement.Return(new Verdict.Pass(), at(10, 5)), rules.get(4));
    }

    @Test
    void tcKprobeAndTracepoint() {
        Program shaper = script.programs().get(1);
        assertEquals(new Hook.Tc(false), shaper.hook());
        assertEquals(Optional.of("shaper"), shaper.name());

        Program opens = script.programs().get(2);
        assertEquals(new Hook.Kprobe("do_sys_openat2", false), opens.hook());
        assertEquals("kprobe", opens.hook().kind());
        assertEquals(Optional.empty(), opens.name());
        Statement.When when = (Statement.When) opens.statements().get(0);
        assertEquals(new Statement.Count("opens", List.of(new Expr.Field("comm", at(18, 36))), at(18, 21)), when.body().get(0));

        Program exec = script.programs().get(3);
        assertEquals(new Hook.Tracepoint("syscalls", "sys_enter_execve"), exec.hook());
        assertEquals(List.of(new Statement.Print("exec %s by %d", List.of(
                new Expr.Call("str", List.of(new Expr.Field("args.filename", at(22, 32))), at(22, 28)),
                new Expr.Field("pid", at(22, 48))), at(22, 5))), exec.statements());
    }

    @Test
    void printedItParsesBackToTheSameModel() {
        String printed = ScriptPrinter.print(script);
        Scripts.Result again = Scripts.parse(printed, "printed.ebpf", dir);
        assertEquals("", again.render(), printed);
        assertEquals(Unlocated.of(script), Unlocated.of(again.script().orElseThrow()), printed);
        assertTrue(printed.contains("set blocked = file \"blocked.txt\"\n"), printed);
        assertTrue(printed.contains("    when tcp.dport == 22 and ip.src not in trusted {\n        drop\n    }\n"), printed);
    }
}
