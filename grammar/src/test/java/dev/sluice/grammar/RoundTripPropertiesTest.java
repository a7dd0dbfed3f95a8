package dev.sluice.grammar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.Hook;
import dev.sluice.dsl.model.NamedSet;
import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.Script;
import dev.sluice.dsl.model.SourceLocation;
import dev.sluice.dsl.model.Statement;
import dev.sluice.dsl.model.Verdict;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever model ScriptPrinter prints, Scripts.parse reads back as the same model (locations aside). */
class RoundTripPropertiesTest {
    static final SourceLocation NOWHERE = SourceLocation.UNKNOWN;
    static final List<String> SET_NAMES = List.of("trusted", "blocked", "ports", "macs");
    static final List<String> FIELDS = List.of("tcp", "tcp.dport", "tcp.syn", "ip.src", "ip6.dst", "pkt.len", "eth.src", "udp.sport",
            "vlan.id", "icmp6.type", "arp", "pid", "comm", "arg0", "retval", "args.filename", "dev.major", "char");

    @Property(tries = 400)
    void printedScriptsParseBackToTheSameModel(@ForAll("scripts") Script script) {
        String text = ScriptPrinter.print(script);
        Scripts.Result back = Scripts.parse(text, "printed.ebpf", Path.of("."));
        assertEquals("", back.render(), text);
        assertEquals(script, Unlocated.of(back.script().orElseThrow()), text);
    }

    @Property(tries = 300)
    void printedExpressionsKeepTheirShape(@ForAll("conditions") Expr condition) {
        Script script = new Script(List.of(), List.of(Program.of(new Hook.Xdp(), Optional.empty(),
                List.of(new Statement.When(condition, List.of(), NOWHERE)), List.of(), NOWHERE)));
        String text = ScriptPrinter.print(script);
        Statement.When when = (Statement.When) Parsing.script(text).programs().get(0).statements().get(0);
        assertEquals(condition, Unlocated.of(when.condition()), text);
    }

    @Provide
    Arbitrary<Script> scripts() {
        Arbitrary<List<NamedSet>> sets = Arbitraries.of(SET_NAMES).set().ofMaxSize(SET_NAMES.size())
                .flatMap(names -> Combinators.combine(names.stream().map(this::namedSet).toList()).as(List::copyOf));
        return Combinators.combine(sets, program().list().ofMaxSize(4))
                .as((s, programs) -> new Script(s, programs.stream()
                        .map(p -> Program.of(p.hook(), p.name(), p.statements(), s, NOWHERE)).toList()));
    }

    @Provide
    Arbitrary<Expr> conditions() {
        return condition(4);
    }

    Arbitrary<NamedSet> namedSet(String name) {
        return Combinators.combine(member().list().ofMaxSize(5), range().list().ofMaxSize(3))
                .as((members, ranges) -> new NamedSet(name, members, ranges, NOWHERE));
    }

    Arbitrary<Program> program() {
        Arbitrary<Optional<String>> name = names().optional();
        Arbitrary<Program> packet = Combinators.combine(packetHook(), name, statements(4))
                .as((hook, n, body) -> Program.of(hook, n, body, List.of(), NOWHERE));
        Arbitrary<Program> trace = Combinators.combine(traceHook(), statements(4))
                .as((hook, body) -> Program.of(hook, Optional.empty(), body, List.of(), NOWHERE));
        return Arbitraries.oneOf(packet, trace);
    }

    Arbitrary<Hook> packetHook() {
        return Arbitraries.oneOf(Arbitraries.just(new Hook.Xdp()), Arbitraries.of(true, false).map(Hook.Tc::new),
                Arbitraries.just(new Hook.Socket()), Arbitraries.of(Hook.CgroupKind.class).map(Hook.Cgroup::new));
    }

    Arbitrary<Hook> traceHook() {
        Arbitrary<Boolean> ret = Arbitraries.of(true, false);
        return Arbitraries.oneOf(
                Combinators.combine(names(), ret).as(Hook.Kprobe::new),
                Combinators.combine(text(), names(), ret).as(Hook.Uprobe::new),
                // A tracepoint's words are read in a lexer mode of their own, so keywords are fine there.
                Combinators.combine(Arbitraries.of("syscalls", "sched", "tcp", "xdp"), Arbitraries.of("sys_enter_openat", "sched_switch", "drop"))
                        .as(Hook.Tracepoint::new),
                Arbitraries.longs().map(Hook.Profile::new));
    }

    Arbitrary<List<Statement>> statements(int depth) {
        return statement(depth).list().ofMaxSize(depth == 4 ? 5 : 3);
    }

    Arbitrary<Statement> statement(int depth) {
        Arbitrary<List<Expr>> key = value(1).list().ofMaxSize(3);
        Arbitrary<Statement> simple = Arbitraries.oneOf(
                verdict().map(v -> new Statement.Return(v, NOWHERE)),
                Combinators.combine(names(), key).as((n, k) -> new Statement.Count(n, k, NOWHERE)),
                Combinators.combine(names(), value(2), key).as((n, v, k) -> new Statement.Sum(n, v, k, NOWHERE)),
                Combinators.combine(names(), value(2), key).as((n, v, k) -> new Statement.Hist(n, v, k, NOWHERE)),
                Combinators.combine(text(), value(1).list().ofMaxSize(3)).as((f, args) -> new Statement.Print(f, args, NOWHERE)));
        if (depth == 0) return simple;
        Arbitrary<Statement> when = Combinators.combine(condition(2), Arbitraries.lazy(() -> statements(depth - 1)))
                .as((c, body) -> new Statement.When(c, body, NOWHERE));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, simple), net.jqwik.api.Tuple.of(1, when));
    }

    Arbitrary<Verdict> verdict() {
        return Arbitraries.oneOf(Arbitraries.of(new Verdict.Pass(), new Verdict.Drop(), new Verdict.Tx(), new Verdict.Abort()),
                Arbitraries.of("eth0", "veth-peer", "xdp", "br 0", "if\"q").map(Verdict.Redirect::new),
                Arbitraries.longs().map(Verdict.Truncate::new));
    }

    Arbitrary<Expr> condition(int depth) {
        Arbitrary<Expr> leaf = Arbitraries.oneOf(field(),
                Combinators.combine(Arbitraries.of(Expr.CompareOp.class), value(1), value(1)).as((op, l, r) -> new Expr.Compare(op, l, r, NOWHERE)),
                Combinators.combine(value(1), setRef(), Arbitraries.of(true, false)).as((v, s, neg) -> new Expr.In(v, s, neg, NOWHERE)));
        if (depth == 0) return leaf;
        Arbitrary<Expr> inner = Arbitraries.lazy(() -> condition(depth - 1));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, leaf),
                net.jqwik.api.Tuple.of(1, Combinators.combine(inner, inner).as((l, r) -> new Expr.And(l, r, NOWHERE))),
                net.jqwik.api.Tuple.of(1, Combinators.combine(inner, inner).as((l, r) -> new Expr.Or(l, r, NOWHERE))),
                net.jqwik.api.Tuple.of(1, inner.map(e -> new Expr.Not(e, NOWHERE))),
                // Conditions inside comparisons and `in`: the printer must parenthesise them.
                net.jqwik.api.Tuple.of(1, Combinators.combine(Arbitraries.of(Expr.CompareOp.class), inner, inner)
                        .as((op, l, r) -> new Expr.Compare(op, l, r, NOWHERE))),
                net.jqwik.api.Tuple.of(1, Combinators.combine(inner, setRef(), Arbitraries.of(true, false))
                        .as((v, s, neg) -> new Expr.In(v, s, neg, NOWHERE))));
    }

    Arbitrary<Expr> value(int depth) {
        Arbitrary<Expr> leaf = Arbitraries.oneOf(field(), literal());
        if (depth == 0) return leaf;
        Arbitrary<Expr> inner = Arbitraries.lazy(() -> value(depth - 1));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, leaf),
                net.jqwik.api.Tuple.of(2, Combinators.combine(Arbitraries.of(Expr.BinaryOp.class), inner, inner)
                        .as((op, l, r) -> new Expr.Binary(op, l, r, NOWHERE))),
                net.jqwik.api.Tuple.of(1, inner.list().ofMinSize(1).ofMaxSize(2).map(args -> new Expr.Call("str", args, NOWHERE))));
    }

    Arbitrary<Expr> field() {
        return Arbitraries.of(FIELDS).map(n -> new Expr.Field(n, NOWHERE));
    }

    Arbitrary<Expr.SetRef> setRef() {
        return Arbitraries.oneOf(
                Arbitraries.of(SET_NAMES).map(n -> new Expr.SetRef.Named(n, NOWHERE)),
                range().map(r -> r),
                Combinators.combine(member().list().ofMaxSize(4), range().list().ofMaxSize(2)).as(Expr.SetRef.Inline::new));
    }

    Arbitrary<Expr.SetRef.Range> range() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as((lo, hi) -> new Expr.SetRef.Range(lo, hi, NOWHERE));
    }

    /** What a set may hold: integers, addresses, CIDRs and MACs. */
    Arbitrary<Expr> member() {
        Arbitrary<Long> u32 = Arbitraries.longs().between(0, 0xffffffffL);
        Arbitrary<Long> any = Arbitraries.longs();
        return Arbitraries.oneOf(
                any.map(v -> new Expr.IntLiteral(v, NOWHERE)),
                u32.map(v -> new Expr.Ipv4(v, NOWHERE)),
                Combinators.combine(any, any).as((h, l) -> new Expr.Ipv6(h, l, NOWHERE)),
                // A zero-heavy IPv6 address exercises the `::` forms.
                Combinators.combine(Arbitraries.of(0L, 1L, 0x20010db800000000L), Arbitraries.of(0L, 1L, 0xffff01020304L))
                        .as((h, l) -> new Expr.Ipv6(h, l, NOWHERE)),
                Combinators.combine(u32, Arbitraries.integers().between(0, 32)).as((v, p) ->
                        new Expr.Cidr(false, p == 0 ? 0 : v & (0xffffffffL << (32 - p)) & 0xffffffffL, 0, p, NOWHERE)),
                Combinators.combine(any, any, Arbitraries.integers().between(0, 128)).as((h, l, p) -> new Expr.Cidr(true,
                        p >= 64 ? h : p == 0 ? 0 : h & (-1L << (64 - p)),
                        p <= 64 ? 0 : p == 128 ? l : l & (-1L << (128 - p)), p, NOWHERE)),
                Arbitraries.longs().between(0, 0xffffffffffffL).map(v -> new Expr.Mac(v, NOWHERE)));
    }

    Arbitrary<Expr> literal() {
        return Arbitraries.oneOf(member(), text().map(s -> new Expr.StringLiteral(s, NOWHERE)));
    }

    /** Printable ASCII with the characters that need escapes. */
    Arbitrary<String> text() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars('\n', '\t', '"', '\\').ofMaxLength(12);
    }

    Arbitrary<String> names() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars('_', '0').ofMinLength(1).ofMaxLength(8)
                .filter(s -> !Character.isDigit(s.charAt(0)) && ScriptPrinter.isName(s));
    }
}
