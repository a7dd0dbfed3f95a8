package dev.sluice.tests.model;

import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.Hook;
import dev.sluice.dsl.model.NamedSet;
import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.Statement;
import dev.sluice.dsl.model.Verdict;
import dev.sluice.tests.reference.ParsedPacket;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * docs/LANGUAGE.md's semantics read straight off the rule model, on a reference-parsed packet: no
 * lowering, no sets turned into maps, nothing shared with the compiler. A comparison on an absent
 * field is false whatever the operator; {@code not in} too; {@code not} negates the whole condition.
 */
final class ModelReference {
    private static final Map<String, Integer> FLAGS = Map.of("tcp.fin", 0x01, "tcp.syn", 0x02, "tcp.rst", 0x04,
            "tcp.psh", 0x08, "tcp.ack", 0x10, "tcp.urg", 0x20);

    /** Raw bytes the reference read (in reach and from a header that is there): a vacuity guard of the properties. */
    static final java.util.concurrent.atomic.AtomicLong RAW_READS = new java.util.concurrent.atomic.AtomicLong();
    /** Of those, the reads of an inner header ({@code inner.tcp[13]}). */
    static final java.util.concurrent.atomic.AtomicLong INNER_RAW_READS = new java.util.concurrent.atomic.AtomicLong();

    private ModelReference() {}

    /** What one run leaves: the verdict and the counters it added to (plain by name, keyed by name and key). */
    record Outcome(Verdict verdict, Map<String, Long> counters) {}

    /** Runs {@code program} on {@code p}, adding to {@code counters} ("name" or "name key..."). */
    static Verdict run(Program program, ParsedPacket p, Map<String, Long> counters) {
        return statements(program, program.statements(), p, counters).orElse(new Verdict.Pass());
    }

    private static Optional<Verdict> statements(Program program, List<Statement> body, ParsedPacket p, Map<String, Long> counters) {
        for (Statement s : body) {
            if (s instanceof Statement.Return r) return Optional.of(r.verdict());
            if (s instanceof Statement.Count c) {
                if (c.key().isEmpty()) {
                    counters.merge(c.name(), 1L, Long::sum);
                } else {
                    String field = ((Expr.Field) c.key().get(0)).name();
                    Optional<String> key = keyText(field, p);
                    key.ifPresent(k -> counters.merge(c.name() + " " + k, 1L, Long::sum));
                }
            }
            if (s instanceof Statement.When w && holds(program, w.condition(), p)) {
                Optional<Verdict> inner = statements(program, w.body(), p, counters);
                if (inner.isPresent()) return inner;
            }
        }
        return Optional.empty();
    }

    /** A key as CounterKeys decodes it: a number, or an address in text. */
    static Optional<String> keyText(String field, ParsedPacket p) {
        Optional<byte[]> address = p.address(field).filter(a -> a.length == 4);
        if (address.isPresent()) {
            byte[] a = address.get();
            return Optional.of((a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff));
        }
        return p.integer(field).map(String::valueOf);
    }

    static boolean holds(Program program, Expr e, ParsedPacket p) {
        if (e instanceof Expr.And a) return holds(program, a.left(), p) && holds(program, a.right(), p);
        if (e instanceof Expr.Or o) return holds(program, o.left(), p) || holds(program, o.right(), p);
        if (e instanceof Expr.Not n) return !holds(program, n.operand(), p);
        if (e instanceof Expr.Field f) {
            String layer = f.name().startsWith("inner.") ? "inner." : "";
            String flag = f.name().substring(layer.length());
            if (FLAGS.containsKey(flag)) return p.integer(layer + "tcp.flags").map(v -> (v & FLAGS.get(flag)) != 0).orElse(false);
            return p.is(f.name());
        }
        if (e instanceof Expr.Compare c) return compare(c, p);
        if (e instanceof Expr.In in && in.value() instanceof Expr.RawBytes raw) {
            Optional<Long> v = evaluate(raw, p);
            if (v.isEmpty()) return false;
            Expr.SetRef.Inline set = (Expr.SetRef.Inline) in.set();
            boolean member = set.members().stream().anyMatch(m -> ((Expr.IntLiteral) m).value() == v.get())
                    || set.ranges().stream().anyMatch(r -> inRange(v.get(), r));
            return in.negated() != member;
        }
        if (e instanceof Expr.In in) {
            String field = ((Expr.Field) in.value()).name();
            if (!present(field, p)) return false;
            boolean member = member(program, field, in.set(), p);
            return in.negated() != member;
        }
        throw new IllegalArgumentException("not a condition: " + e);
    }

    private static boolean present(String field, ParsedPacket p) {
        return p.integer(field).isPresent() || p.address(field).isPresent();
    }

    /** Unsigned 64-bit wrapping arithmetic; x / 0 and x % 0 are 0; absent when a field in it is. */
    static Optional<Long> evaluate(Expr e, ParsedPacket p) {
        if (e instanceof Expr.IntLiteral i) return Optional.of(i.value());
        // A string against raw bytes is its bytes as a big-endian number.
        if (e instanceof Expr.StringLiteral text) return Optional.of(RandomRules.number(text.value().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        if (e instanceof Expr.RawBytes raw) {
            Optional<Long> read = evaluate(raw.offset(), p).flatMap(at -> p.raw(raw.header(), at, (int) raw.size()));
            if (read.isPresent()) RAW_READS.incrementAndGet();
            if (read.isPresent() && raw.header().startsWith("inner.")) INNER_RAW_READS.incrementAndGet();
            return read;
        }
        if (e instanceof Expr.Field f) {
            Optional<Long> v = p.integer(f.name());
            if (v.isPresent()) return v;
            return p.address(f.name()).map(RandomRules::number);
        }
        Expr.Binary b = (Expr.Binary) e;
        Optional<Long> l = evaluate(b.left(), p), r = evaluate(b.right(), p);
        if (l.isEmpty() || r.isEmpty()) return Optional.empty();
        long x = l.get(), y = r.get();
        return Optional.of(switch (b.op()) {
            case MUL -> x * y;
            case DIV -> y == 0 ? 0 : Long.divideUnsigned(x, y);
            case MOD -> y == 0 ? 0 : Long.remainderUnsigned(x, y);
            case ADD -> x + y;
            case SUB -> x - y;
            case SHL -> x << (y & 63);
            case SHR -> x >>> (y & 63);
            case AND -> x & y;
            case OR -> x | y;
        });
    }

    private static boolean compare(Expr.Compare c, ParsedPacket p) {
        Expr.CompareOp op = c.op();
        if (c.left() instanceof Expr.Binary || c.right() instanceof Expr.Binary || c.left() instanceof Expr.RawBytes
                || c.right() instanceof Expr.RawBytes || c.left() instanceof Expr.Field && c.right() instanceof Expr.Field) {
            Optional<Long> l = evaluate(c.left(), p), r = evaluate(c.right(), p);
            if (l.isEmpty() || r.isEmpty()) return false;
            int cmp = Long.compareUnsigned(l.get(), r.get());
            return switch (op) {
                case EQ -> cmp == 0;
                case NE -> cmp != 0;
                case LT -> cmp < 0;
                case LE -> cmp <= 0;
                case GT -> cmp > 0;
                case GE -> cmp >= 0;
            };
        }
        Expr field = c.left(), literal = c.right();
        if (!(field instanceof Expr.Field)) {
            field = c.right();
            literal = c.left();
            op = switch (op) {
                case LT -> Expr.CompareOp.GT;
                case GT -> Expr.CompareOp.LT;
                case LE -> Expr.CompareOp.GE;
                case GE -> Expr.CompareOp.LE;
                default -> op;
            };
        }
        String name = ((Expr.Field) field).name();
        if (literal instanceof Expr.IntLiteral i) {
            Optional<Long> v = p.integer(name);
            if (v.isEmpty()) return false;
            int cmp = Long.compareUnsigned(v.get(), i.value());
            return switch (op) {
                case EQ -> cmp == 0;
                case NE -> cmp != 0;
                case LT -> cmp < 0;
                case LE -> cmp <= 0;
                case GT -> cmp > 0;
                case GE -> cmp >= 0;
            };
        }
        Optional<byte[]> a = p.address(name);
        if (a.isEmpty()) return false;
        boolean equal = matches(a.get(), literal);
        return op == Expr.CompareOp.EQ ? equal : !equal;
    }

    private static boolean member(Program program, String field, Expr.SetRef set, ParsedPacket p) {
        if (set instanceof Expr.SetRef.Range r) return inRange(p.integer(field).orElseThrow(), r);
        List<Expr> members;
        List<Expr.SetRef.Range> ranges;
        if (set instanceof Expr.SetRef.Named n) {
            NamedSet named = program.sets().stream().filter(s -> s.name().equals(n.name())).findFirst().orElseThrow();
            members = named.members();
            ranges = named.ranges();
        } else {
            members = ((Expr.SetRef.Inline) set).members();
            ranges = ((Expr.SetRef.Inline) set).ranges();
        }
        Optional<Long> integer = p.integer(field);
        if (integer.isPresent()) {
            for (Expr m : members) if (m instanceof Expr.IntLiteral i && i.value() == integer.get()) return true;
            for (Expr.SetRef.Range r : ranges) if (inRange(integer.get(), r)) return true;
            return false;
        }
        byte[] address = p.address(field).orElseThrow();
        for (Expr m : members) if (matches(address, m)) return true;
        return false;
    }

    private static boolean inRange(long v, Expr.SetRef.Range r) {
        return Long.compareUnsigned(v, r.low()) >= 0 && Long.compareUnsigned(v, r.high()) <= 0;
    }

    /** Whether address bytes equal an address literal or fall in a CIDR of the same family (other families never match). */
    private static boolean matches(byte[] a, Expr literal) {
        if (literal instanceof Expr.Ipv4 v4) return a.length == 4 && RandomRules.number(a) == v4.value();
        if (literal instanceof Expr.Mac mac) return a.length == 6 && RandomRules.number(a) == mac.value();
        if (literal instanceof Expr.Ipv6 v6) {
            return a.length == 16 && RandomRules.number(a, 0) == v6.high() && RandomRules.number(a, 8) == v6.low();
        }
        if (literal instanceof Expr.Cidr c) {
            if (c.v6() != (a.length == 16) || a.length == 6) return false;
            int width = c.v6() ? 128 : 32;
            for (int bit = 0; bit < c.prefix(); bit++) {
                int have = a[bit / 8] >> (7 - bit % 8) & 1;
                long word = c.v6() ? (bit < 64 ? c.high() : c.low()) : c.high();
                int shift = c.v6() ? 63 - bit % 64 : width - 1 - bit;
                int want = (int) (word >>> shift & 1);
                if (have != want) return false;
            }
            return true;
        }
        return false;
    }

    static String verdictName(Verdict v) {
        return v.getClass().getSimpleName().toLowerCase();
    }

    static boolean packetHook(Hook hook) {
        return !(hook instanceof Hook.Cgroup c && c.cgroupKind() == Hook.CgroupKind.DEVICE);
    }
}
