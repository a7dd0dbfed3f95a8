package dev.sluice.tests.model;

import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.Hook;
import dev.sluice.dsl.model.NamedSet;
import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.SourceLocation;
import dev.sluice.dsl.model.Statement;
import dev.sluice.dsl.model.Verdict;
import dev.sluice.tests.reference.Pools;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Random rule programs of the rule model, as a user writes them: nested when (up to 4 deep),
 * every packet field, comparisons, inline sets small and large, named sets, ranges, IPv4 and IPv6
 * CIDRs, MACs, raw bytes, and/or/not, counters with and without keys, the hook's verdicts, and in one
 * program of three (not socket filters) fields and raw bytes of the packet a tunnel carries ({@link InnerLayer}). Literals come
 * from the same pools as the random packets, so rules match some of them.
 */
final class RandomRules {
    static final SourceLocation AT = new SourceLocation("random.ebpf", 1, 1);
    static final List<String> INT_FIELDS = List.of("pkt.len", "eth.type", "vlan.id", "ip.tos", "ip.len", "ip.id", "ip.ttl", "ip.proto",
            "ip6.hlim", "ip6.next", "tcp.sport", "tcp.dport", "tcp.flags", "tcp.win", "udp.sport", "udp.dport", "udp.len",
            "icmp.type", "icmp.code", "icmp6.type", "icmp6.code");
    static final List<String> TESTS = List.of("eth", "vlan", "arp", "ip", "ip6", "tcp", "udp", "icmp", "icmp6",
            "tcp.syn", "tcp.ack", "tcp.fin", "tcp.rst", "tcp.psh", "tcp.urg");
    /** The packet fields that came later (version 2). */
    static final List<String> LATER_INT_FIELDS = List.of("vlan.pcp", "vlan.inner", "ip.ihl", "ip.fragoff", "ip6.tclass",
            "ip6.flow", "ip6.plen", "arp.op", "sctp.sport", "sctp.dport", "gre.proto", "vxlan.vni", "geneve.vni");
    static final List<String> LATER_TESTS = List.of("ip.df", "ip.mf", "frag", "sctp", "gre");
    static final List<String> KEYS = List.of("ip.proto", "tcp.dport", "udp.dport", "eth.type", "ip.src", "ip6.next");
    static final List<String> LATER_KEYS = List.of("vxlan.vni", "arp.spa", "sctp.dport", "vlan.pcp", "ip.fragoff");
    /** Fields of one key type each: one counter fed from two of them (docs/LANGUAGE.md, "Counters"). */
    static final List<List<String>> SAME_TYPE_KEYS = List.of(
            List.of("ip.proto", "ip6.next", "ip.ttl", "ip6.hlim", "tcp.flags", "icmp.type", "icmp6.code"),
            List.of("tcp.dport", "udp.dport", "udp.sport", "eth.type", "vlan.id", "ip.len", "sctp.dport", "vlan.inner", "gre.proto"),
            List.of("ip.src", "ip.dst"));

    private RandomRules() {}

    private static List<String> ints(Hook hook) {
        return concat(INT_FIELDS, LATER_INT_FIELDS);
    }

    private static List<String> tests(Hook hook) {
        return concat(TESTS, LATER_TESTS);
    }

    private static List<String> ipv4Fields(Hook hook) {
        return List.of("ip.src", "ip.dst", "arp.spa", "arp.tpa");
    }

    private static List<String> macFields(Hook hook) {
        return List.of("eth.src", "eth.dst", "arp.sha", "arp.tha");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }

    static Arbitrary<Program> programs(Hook hook) {
        Arbitrary<List<NamedSet>> sets = Combinators.combine(
                Arbitraries.of(Pools.IPV4).list().ofMinSize(1).ofMaxSize(12),
                Arbitraries.of(Pools.IPV6).list().ofMaxSize(4),
                Arbitraries.integers().between(8, 32)).as((v4, v6, bits) -> {
                    List<Expr> members = new ArrayList<>();
                    for (byte[] a : v4) members.add(new Expr.Ipv4(number(a), AT));
                    members.add(cidr4(v4.get(0), bits));
                    for (byte[] a : v6) members.add(new Expr.Ipv6(number(a, 0), number(a, 8), AT));
                    return List.of(new NamedSet("nets", members, List.of(), AT),
                            new NamedSet("ports", Pools.PORTS.stream().limit(4).map(p -> (Expr) new Expr.IntLiteral(p, AT)).toList(),
                                    List.of(new Expr.SetRef.Range(1000, 2000, AT)), AT));
                });
        return InnerLayer.mixedInto(hook, sets.flatMap(named -> statements(hook, 0).map(body -> Program.of(hook, Optional.empty(), body, named, AT))))
                .filter(RandomRules::withinFieldSlots);
    }

    /**
     * Whether the program reads no more packet field values than a program holds: one that reads more
     * is refused with a located error (FieldSlotLimit), not compiled.
     */
    /** Whether a rule of {@code program} reads a version 2 field (for the property tests' vacuity guards). */
    static boolean readsLaterField(Program program) {
        String model = program.toString();
        return java.util.stream.Stream.of(LATER_INT_FIELDS, LATER_TESTS, LATER_KEYS, List.of("arp.spa", "arp.tpa", "arp.sha", "arp.tha"))
                .flatMap(List::stream).anyMatch(f -> model.contains("Field[name=" + f + ","));
    }

    static boolean withinFieldSlots(Program program) {
        try {
            dev.sluice.compiler.SluiceCompiler.compile(program);
            return true;
        } catch (dev.sluice.compiler.check.CompileException e) {
            if (e.getMessage() != null && e.getMessage().contains("slots of packet field values")) return false;
            throw e;
        }
    }

    static Arbitrary<List<Statement>> statements(Hook hook, int depth) {
        Arbitrary<Statement> statement = Arbitraries.lazyOf(
                () -> when(hook, depth),
                () -> when(hook, depth),
                () -> counts(hook),
                () -> sharedCounts(hook),
                () -> verdict(hook).map(v -> new Statement.Return(v, AT)));
        // A verdict ends a list: statements after it would be a compile error (checked elsewhere).
        return statement.list().ofMaxSize(depth == 0 ? 6 : 3).map(RandomRules::endAtFirstVerdict);
    }

    private static List<Statement> endAtFirstVerdict(List<Statement> in) {
        List<Statement> out = new ArrayList<>();
        for (Statement s : in) {
            out.add(s);
            if (s instanceof Statement.Return) break;
        }
        return out;
    }

    private static Arbitrary<Statement> when(Hook hook, int depth) {
        Arbitrary<List<Statement>> body = depth >= 3 ? counts(hook).list().ofMaxSize(1).flatMap(c -> verdict(hook).map(v -> {
            List<Statement> out = new ArrayList<>(c);
            out.add(new Statement.Return(v, AT));
            return out;
        })) : statements(hook, depth + 1);
        return Combinators.combine(conditions(hook, 3), body).as((c, b) -> new Statement.When(c, b, AT));
    }

    private static Arbitrary<Statement> counts(Hook hook) {
        return Arbitraries.oneOf(
                Arbitraries.of("a", "b", "c").map(n -> new Statement.Count(n, List.of(), AT)),
                Arbitraries.of(concat(KEYS, LATER_KEYS)).map(k -> new Statement.Count("by_" + k.replace('.', '_'), List.of(new Expr.Field(k, AT)), AT)));
    }

    /** A rule feeding one counter from two different fields of one type: {@code count shared_0 by ip.proto; ... by ip6.next}. */
    private static Arbitrary<Statement> sharedCounts(Hook hook) {
        return Arbitraries.integers().between(0, SAME_TYPE_KEYS.size() - 1).flatMap(type -> {
            List<String> fields = SAME_TYPE_KEYS.get(type);
            return Combinators.combine(conditions(hook, 1), Arbitraries.of(fields), Arbitraries.of(fields))
                    .filter((c, a, b) -> !a.equals(b))
                    .as((c, a, b) -> (Statement) new Statement.When(c, List.of(
                            new Statement.Count("shared_" + type, List.of(new Expr.Field(a, AT)), AT),
                            new Statement.Count("shared_" + type, List.of(new Expr.Field(b, AT)), AT)), AT));
        });
    }

    /** Whether some counter of the program is fed by two different fields. */
    static boolean feedsOneCounterFromTwoFields(List<Statement> body, java.util.Map<String, java.util.Set<String>> feeders) {
        for (Statement s : body) {
            if (s instanceof Statement.Count c && !c.key().isEmpty()) {
                feeders.computeIfAbsent(c.name(), n -> new java.util.HashSet<>()).add(((Expr.Field) c.key().get(0)).name());
            }
            if (s instanceof Statement.When w) feedsOneCounterFromTwoFields(w.body(), feeders);
        }
        return feeders.values().stream().anyMatch(f -> f.size() > 1);
    }

    static Arbitrary<Verdict> verdict(Hook hook) {
        if (hook instanceof Hook.Xdp) return Arbitraries.of(new Verdict.Pass(), new Verdict.Drop(), new Verdict.Tx(), new Verdict.Abort());
        if (hook instanceof Hook.Socket) return Arbitraries.of(new Verdict.Pass(), new Verdict.Drop(), new Verdict.Truncate(64));
        return Arbitraries.of(new Verdict.Pass(), new Verdict.Drop());
    }

    static Arbitrary<Expr> conditions(Hook hook, int depth) {
        if (depth == 0) return atom(hook);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, atom(hook)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(conditions(hook, depth - 1), conditions(hook, depth - 1)).as((a, b) -> (Expr) new Expr.And(a, b, AT))),
                net.jqwik.api.Tuple.of(1, Combinators.combine(conditions(hook, depth - 1), conditions(hook, depth - 1)).as((a, b) -> (Expr) new Expr.Or(a, b, AT))),
                net.jqwik.api.Tuple.of(1, conditions(hook, depth - 1).map(c -> (Expr) new Expr.Not(c, AT))));
    }

    private static Arbitrary<Expr> atom(Hook hook) {
        List<Arbitrary<? extends Expr>> atoms = new ArrayList<>(List.of(
                Arbitraries.of(tests(hook)).map(t -> new Expr.Field(t, AT)),
                integerCompare(hook),
                integerIn(hook),
                addressCompare(hook),
                addressIn(hook),
                arithmetic(hook),
                rawBytes()));
        return Arbitraries.oneOf(atoms);
    }

    /** The headers raw bytes read (docs/LANGUAGE-RAW-BYTES.md "Raw bytes"). */
    static final List<String> RAW_HEADERS = List.of("eth", "ip", "ip6", "tcp", "udp", "icmp", "icmp6", "sctp", "arp", "payload");

    /**
     * {@code HEADER[OFFSET:SIZE] OP VALUE}, {@code in} a set, or against a string of SIZE bytes; offsets
     * constant (some past a short packet's end) or computed from other raw bytes, some far past any end.
     */
    static Arbitrary<Expr> rawBytes() {
        Arbitrary<Expr> constantOffset = Arbitraries.oneOf(Arbitraries.longs().between(0, 24), Arbitraries.longs().between(0, 90))
                .map(v -> (Expr) new Expr.IntLiteral(v, AT));
        Arbitrary<Expr> byteRead = Combinators.combine(Arbitraries.of(RAW_HEADERS), Arbitraries.longs().between(0, 20))
                .as((h, at) -> (Expr) new Expr.RawBytes(h, new Expr.IntLiteral(at, AT), 1, AT));
        Arbitrary<Expr> computedOffset = Combinators.combine(byteRead,
                Arbitraries.of(Expr.BinaryOp.AND, Expr.BinaryOp.SHR, Expr.BinaryOp.ADD, Expr.BinaryOp.MUL, Expr.BinaryOp.MOD),
                Arbitraries.of(0L, 1L, 2L, 4L, 0x0fL, 0xf0L, 1000L))
                .as((read, op, k) -> (Expr) new Expr.Binary(op, read, new Expr.IntLiteral(k, AT), AT));
        Arbitrary<Expr.RawBytes> read = Combinators.combine(Arbitraries.of(RAW_HEADERS), Arbitraries.oneOf(constantOffset, constantOffset, computedOffset),
                Arbitraries.of(1L, 2L, 4L)).as((h, offset, size) -> new Expr.RawBytes(h, offset, size, AT));
        return read.flatMap(r -> {
            long max = (1L << (8 * r.size())) - 1;
            Arbitrary<Long> value = Arbitraries.oneOf(Arbitraries.longs().between(0, max), Arbitraries.of(0L, 1L, 6L, 17L, 0x45L, 0x0800L, 0x86ddL, max).filter(v -> v <= max));
            Arbitrary<Expr> compare = Combinators.combine(Arbitraries.of(Expr.CompareOp.values()), value, Arbitraries.of(true, false))
                    .as((op, v, rawFirst) -> rawFirst ? new Expr.Compare(op, r, new Expr.IntLiteral(v, AT), AT)
                            : new Expr.Compare(op, new Expr.IntLiteral(v, AT), r, AT));
            Arbitrary<Expr> text = Combinators.combine(Arbitraries.of(Expr.CompareOp.EQ, Expr.CompareOp.NE),
                    Arbitraries.strings().withChars("\u0000E\u0045GT \u0008").ofLength((int) r.size()))
                    .as((op, t) -> new Expr.Compare(op, r, new Expr.StringLiteral(t, AT), AT));
            Arbitrary<Expr> in = Combinators.combine(value.list().ofMinSize(1).ofMaxSize(4), Arbitraries.of(true, false))
                    .as((vs, negated) -> new Expr.In(r, new Expr.SetRef.Inline(vs.stream().map(v -> (Expr) new Expr.IntLiteral(v, AT)).toList()), negated, AT));
            Arbitrary<Expr> rawAgainstRaw = Combinators.combine(Arbitraries.of(Expr.CompareOp.values()), byteRead)
                    .as((op, other) -> new Expr.Compare(op, r, other, AT));
            return Arbitraries.oneOf(compare, compare, text, in, rawAgainstRaw);
        });
    }

    /** {@code (f OP g-or-constant) CMP constant}, and field against field: the arithmetic of docs/LANGUAGE.md. */
    private static Arbitrary<Expr> arithmetic(Hook hook) {
        Arbitrary<Expr> operand = Arbitraries.oneOf(
                Arbitraries.of(ints(hook)).map(f -> (Expr) new Expr.Field(f, AT)),
                Arbitraries.of(0L, 1L, 2L, 3L, 7L, 8L, 0x12L, 0xffL, 0x8000L, 64L, 65L).map(v -> (Expr) new Expr.IntLiteral(v, AT)));
        Arbitrary<Expr> binary = Combinators.combine(Arbitraries.of(ints(hook)), Arbitraries.of(Expr.BinaryOp.values()), operand)
                .as((f, op, right) -> (Expr) new Expr.Binary(op, new Expr.Field(f, AT), right, AT));
        Arbitrary<Expr> nested = Combinators.combine(binary, Arbitraries.of(Expr.BinaryOp.values()), operand)
                .as((left, op, right) -> (Expr) new Expr.Binary(op, left, right, AT));
        Arbitrary<Expr> left = Arbitraries.oneOf(binary, nested, Arbitraries.of(ints(hook)).map(f -> (Expr) new Expr.Field(f, AT)));
        Arbitrary<Expr> right = Arbitraries.oneOf(Arbitraries.longs().between(0, 300).map(v -> (Expr) new Expr.IntLiteral(v, AT)),
                Arbitraries.of(ints(hook)).map(f -> (Expr) new Expr.Field(f, AT)));
        return Combinators.combine(left, Arbitraries.of(Expr.CompareOp.values()), right)
                .as((l, op, r) -> l instanceof Expr.Field && r instanceof Expr.IntLiteral
                        ? new Expr.Compare(op, l, new Expr.Binary(Expr.BinaryOp.ADD, r, new Expr.IntLiteral(0, AT), AT), AT)
                        : new Expr.Compare(op, l, r, AT));
    }

    private static Arbitrary<Long> valueOf(String field) {
        if (field.endsWith("port")) return Pools.ports().map(Integer::longValue);
        if (field.equals("vlan.id") || field.equals("vlan.inner")) return Arbitraries.longs().between(0, 4095);
        if (field.equals("vlan.pcp")) return Arbitraries.longs().between(0, 7);
        if (field.equals("ip.ihl")) return Arbitraries.longs().between(0, 15);
        if (field.equals("gre.proto")) return Arbitraries.of(0x6558L, 0x0800L, 0x86ddL, 0x1234L);
        if (field.equals("arp.op")) return Arbitraries.of(1L, 2L, 3L);
        if (field.endsWith(".vni")) return Arbitraries.of(Pools.VNIS).map(Integer::longValue);
        if (field.equals("ip6.flow")) return Arbitraries.of(Pools.FLOWS).map(Integer::longValue);
        if (field.equals("ip.fragoff")) return Arbitraries.of(0L, 1L, 0xb9L, 0x1fffL);
        if (field.equals("ip6.plen")) return Arbitraries.longs().between(0, 1600);
        if (field.equals("eth.type")) return Arbitraries.of(0x0800L, 0x86ddL, 0x0806L, 0x8100L, 0x1234L);
        if (field.equals("ip.proto") || field.equals("ip6.next")) return Arbitraries.of(6L, 17L, 1L, 58L, 0L, 44L);
        if (field.equals("pkt.len") || field.endsWith(".len") || field.endsWith(".id") || field.endsWith(".win")) {
            return Arbitraries.longs().between(0, 1600);
        }
        return Arbitraries.longs().between(0, 255);
    }

    private static Arbitrary<Expr> integerCompare(Hook hook) {
        return Arbitraries.of(ints(hook)).flatMap(f -> Combinators.combine(Arbitraries.of(Expr.CompareOp.values()), valueOf(f), Arbitraries.of(true, false))
                .as((op, v, fieldFirst) -> fieldFirst
                        ? new Expr.Compare(op, new Expr.Field(f, AT), new Expr.IntLiteral(v, AT), AT)
                        : new Expr.Compare(op, new Expr.IntLiteral(v, AT), new Expr.Field(f, AT), AT)));
    }

    private static Arbitrary<Expr> integerIn(Hook hook) {
        return Arbitraries.of(ints(hook)).flatMap(f -> Combinators.combine(valueOf(f).list().ofMinSize(1).ofMaxSize(12),
                Arbitraries.of(true, false), Arbitraries.integers().between(0, 3)).as((values, negated, kind) -> {
                    Expr.SetRef set;
                    if (kind == 0 && f.endsWith("port")) set = new Expr.SetRef.Named("ports", AT);
                    else if (kind == 1) set = new Expr.SetRef.Range(Math.min(values.get(0), values.get(values.size() - 1)),
                            Math.max(values.get(0), values.get(values.size() - 1)), AT);
                    else set = new Expr.SetRef.Inline(values.stream().map(v -> (Expr) new Expr.IntLiteral(v, AT)).toList());
                    return (Expr) new Expr.In(new Expr.Field(f, AT), set, negated, AT);
                }));
    }

    private static Arbitrary<Expr> addressCompare(Hook hook) {
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of(ipv4Fields(hook)), Pools.ipv4(), Arbitraries.of(Expr.CompareOp.EQ, Expr.CompareOp.NE))
                        .as((f, a, op) -> (Expr) new Expr.Compare(op, new Expr.Field(f, AT), new Expr.Ipv4(number(a), AT), AT)),
                Combinators.combine(Arbitraries.of("ip6.src", "ip6.dst"), Pools.ipv6(), Arbitraries.of(Expr.CompareOp.EQ, Expr.CompareOp.NE))
                        .as((f, a, op) -> (Expr) new Expr.Compare(op, new Expr.Field(f, AT), new Expr.Ipv6(number(a, 0), number(a, 8), AT), AT)),
                Combinators.combine(Arbitraries.of(macFields(hook)), Pools.macs())
                        .as((f, m) -> (Expr) new Expr.Compare(Expr.CompareOp.EQ, new Expr.Field(f, AT), new Expr.Mac(number(m), AT), AT)));
    }

    private static Arbitrary<Expr> addressIn(Hook hook) {
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of(ipv4Fields(hook)), Pools.ipv4().list().ofMinSize(1).ofMaxSize(12),
                        Arbitraries.integers().between(0, 32), Arbitraries.of(true, false)).as((f, as, bits, negated) -> {
                            List<Expr> members = new ArrayList<>();
                            members.add(cidr4(as.get(0), bits));
                            for (byte[] a : as.subList(1, as.size())) members.add(new Expr.Ipv4(number(a), AT));
                            return (Expr) new Expr.In(new Expr.Field(f, AT), new Expr.SetRef.Inline(members), negated, AT);
                        }),
                Combinators.combine(Arbitraries.of("ip6.src", "ip6.dst"), Pools.ipv6(), Arbitraries.integers().between(0, 128),
                        Arbitraries.of(true, false)).as((f, a, bits, negated) -> (Expr) new Expr.In(new Expr.Field(f, AT),
                                new Expr.SetRef.Inline(List.of(cidr6(a, bits))), negated, AT)),
                Combinators.combine(Arbitraries.of("ip.src", "ip.dst", "ip6.src", "ip6.dst"), Arbitraries.of(true, false))
                        .as((f, negated) -> (Expr) new Expr.In(new Expr.Field(f, AT), new Expr.SetRef.Named("nets", AT), negated, AT)));
    }

    static Expr.Cidr cidr4(byte[] a, int bits) {
        long v = number(a);
        long mask = bits == 0 ? 0 : (0xffffffffL << (32 - bits)) & 0xffffffffL;
        return new Expr.Cidr(false, v & mask, 0, bits, AT);
    }

    static Expr.Cidr cidr6(byte[] a, int bits) {
        long high = number(a, 0), low = number(a, 8);
        long highMask = bits >= 64 ? -1L : bits == 0 ? 0 : -1L << (64 - bits);
        long lowMask = bits <= 64 ? 0 : bits == 128 ? -1L : -1L << (128 - bits);
        return new Expr.Cidr(true, high & highMask, low & lowMask, bits, AT);
    }

    static long number(byte[] bytes) {
        long v = 0;
        for (byte b : bytes) v = v << 8 | (b & 0xff);
        return v;
    }

    static long number(byte[] bytes, int from) {
        long v = 0;
        for (int i = from; i < from + 8; i++) v = v << 8 | (bytes[i] & 0xff);
        return v;
    }
}
