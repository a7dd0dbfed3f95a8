package dev.sluice.tests.model;

import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.Hook;
import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.Statement;
import dev.sluice.tests.reference.ParsedPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random rule programs that read the packet a tunnel carries (docs/LANGUAGE-RAW-BYTES.md, "Tunnels"): a drawn
 * program with some of its fields and raw bytes moved to their {@code inner.} twins, so one program reads both layers
 * as a user's does (an outer VXLAN test and the inner TCP port). Drawn this way rather than from a
 * second field list so that every shape {@link RandomRules} draws (sets, keys, sums, shared counters)
 * also comes with inner fields, and so that its field lists stay as they are.
 */
final class InnerLayer {
    /** Fields and tests with no inner twin: the inner packet has no length of its own and its tunnels are not followed. */
    private static final Set<String> OUTER_ONLY = Set.of("pkt.len", "vxlan.vni", "geneve.vni");
    private static final Set<String> TCP_FLAGS = Set.of("inner.tcp.fin", "inner.tcp.syn", "inner.tcp.rst", "inner.tcp.psh",
            "inner.tcp.ack", "inner.tcp.urg");
    /** An inner field as a program's model prints it. */
    private static final Pattern INNER_FIELD = Pattern.compile("Field\\[name=(inner\\.[a-z0-9.]+),");
    /** Inner raw bytes as a program's model prints them: the header, {@code inner.tcp}. */
    private static final Pattern INNER_RAW = Pattern.compile("RawBytes\\[header=(inner\\.[a-z0-9]+),");
    /** One program in this many reads the inner layer; the others keep the outer layer's coverage. */
    private static final int ONE_IN = 3;

    private InnerLayer() {}

    /**
     * {@code outer}'s programs, one in three with fields moved inside, half of those led by a rule that
     * counts an inner raw bytes comparison; socket filters have no inner layer.
     */
    static Arbitrary<Program> mixedInto(Hook hook, Arbitrary<Program> outer) {
        if (hook instanceof Hook.Socket) return outer;
        Arbitrary<Program> inner = outer.flatMap(p -> Arbitraries.longs().map(seed -> moved(p, new Random(seed))));
        // Raw bytes are one atom of seven, so few moved programs read inner raw bytes without this rule.
        Arbitrary<Program> ledByRaw = Combinators.combine(inner, RandomRules.rawBytes(), Arbitraries.longs())
                .as((p, raw, seed) -> ledBy(p, expr(raw, new Random(seed))));
        return Arbitraries.frequencyOf(Tuple.of(2 * (ONE_IN - 1), outer), Tuple.of(1, inner), Tuple.of(1, ledByRaw));
    }

    /** {@code program} with {@code when CONDITION { count inner_raw }} in front of its rules. */
    private static Program ledBy(Program program, Expr condition) {
        List<Statement> body = new ArrayList<>();
        body.add(new Statement.When(condition, List.of(new Statement.Count("inner_raw", List.of(), RandomRules.AT)), RandomRules.AT));
        body.addAll(program.statements());
        return Program.of(program.hook(), program.name(), body, program.sets(), program.location());
    }

    /**
     * {@code program} with each field that has an inner twin, and each raw bytes read ({@code tcp[13]} to
     * {@code inner.tcp[13]}, offsets and sizes as drawn, reads past the end included), moved inside with
     * odds of three in four (the rest stay outside, so one rule mixes both layers).
     */
    static Program moved(Program program, Random random) {
        List<Statement> body = program.statements().stream().map(s -> statement(s, random)).toList();
        return Program.of(program.hook(), program.name(), body, program.sets(), program.location());
    }

    /** The {@code inner.} fields and tests {@code program} reads. */
    static Set<String> innerFields(Program program) {
        Set<String> out = new TreeSet<>();
        Matcher m = INNER_FIELD.matcher(program.toString());
        while (m.find()) out.add(m.group(1));
        return out;
    }

    /** The inner headers {@code program} reads raw bytes of ({@code inner.tcp}, {@code inner.payload}). */
    static Set<String> innerRawHeaders(Program program) {
        Set<String> out = new TreeSet<>();
        Matcher m = INNER_RAW.matcher(program.toString());
        while (m.find()) out.add(m.group(1));
        return out;
    }

    /** Whether {@code packet} has one of {@code headers}: an inner raw read that starts in the packet, in reach or past its end. */
    static boolean anyHeaderThere(Set<String> headers, ParsedPacket packet) {
        for (String h : headers) if (packet.headerStarts().containsKey(h)) return true;
        return false;
    }

    /** Whether {@code packet} has one of {@code fields} (an inner field read that found its header, not only absence). */
    static boolean anyPresent(Set<String> fields, ParsedPacket packet) {
        for (String f : fields) {
            // A flag test (inner.tcp.syn) is present with the flags byte it reads.
            String read = TCP_FLAGS.contains(f) ? "inner.tcp.flags" : f;
            if (packet.is(f) || packet.integer(read).isPresent() || packet.address(f).isPresent()) return true;
        }
        return false;
    }

    private static Statement statement(Statement s, Random random) {
        if (s instanceof Statement.When w) {
            return new Statement.When(expr(w.condition(), random), w.body().stream().map(b -> statement(b, random)).toList(), w.location());
        }
        if (s instanceof Statement.Count c) return new Statement.Count(c.name(), exprs(c.key(), random), c.location());
        if (s instanceof Statement.Sum m) return new Statement.Sum(m.name(), expr(m.value(), random), exprs(m.key(), random), m.location());
        if (s instanceof Statement.Hist h) return new Statement.Hist(h.name(), expr(h.value(), random), exprs(h.key(), random), h.location());
        return s;
    }

    private static List<Expr> exprs(List<Expr> in, Random random) {
        List<Expr> out = new ArrayList<>();
        for (Expr e : in) out.add(expr(e, random));
        return out;
    }

    private static Expr expr(Expr e, Random random) {
        if (e instanceof Expr.Field f) {
            return OUTER_ONLY.contains(f.name()) || random.nextInt(4) == 0 ? f : new Expr.Field("inner." + f.name(), f.location());
        }
        if (e instanceof Expr.RawBytes r) {
            // Every raw header has an inner twin (docs/LANGUAGE-RAW-BYTES.md "Raw bytes"); a computed offset's reads move on their own.
            String header = random.nextInt(4) == 0 ? r.header() : "inner." + r.header();
            return new Expr.RawBytes(header, expr(r.offset(), random), r.size(), r.location());
        }
        if (e instanceof Expr.Compare c) return new Expr.Compare(c.op(), expr(c.left(), random), expr(c.right(), random), c.location());
        if (e instanceof Expr.In in) return new Expr.In(expr(in.value(), random), in.set(), in.negated(), in.location());
        if (e instanceof Expr.And a) return new Expr.And(expr(a.left(), random), expr(a.right(), random), a.location());
        if (e instanceof Expr.Or o) return new Expr.Or(expr(o.left(), random), expr(o.right(), random), o.location());
        if (e instanceof Expr.Not n) return new Expr.Not(expr(n.operand(), random), n.location());
        if (e instanceof Expr.Binary b) return new Expr.Binary(b.op(), expr(b.left(), random), expr(b.right(), random), b.location());
        return e;
    }
}
