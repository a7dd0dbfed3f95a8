package dev.sluice.compiler.pcap;

import dev.sluice.compiler.pcap.PcapTest.Value;
import java.util.Optional;

/**
 * Rewrites a test into one of the same meaning (the same outcome, rejection included, on every
 * packet) with less code, as libpcap's optimiser shrinks its flow graph:
 * <ul>
 *   <li>{@code and} and {@code or} nest to the right (they are associative, order kept), and
 *       {@code not} of a comparison is the opposite comparison;
 *   <li>{@code (a and X) or (a and Y)} becomes {@code a and (X or Y)} when {@code a} only compares
 *       constant-offset bytes: evaluating it again after it held would hold again; likewise two
 *       choices on one such condition become one ({@code port 80 or port 443});
 *   <li>{@code (a and P) or (b and P)} becomes {@code (a or b) and P} when {@code b} reads only
 *       bytes that {@code a} holding proves present and {@code P} has no side effect: after
 *       {@code a} held and {@code P} failed, {@code b} could not reject and {@code P} would fail
 *       again (the protocol alternatives of {@code port});
 *   <li>{@code (E and X) or R} becomes {@link PcapTest.Choice} when {@code E} compares bytes with a
 *       constant and every way for {@code R} to hold starts by comparing the same bytes with another
 *       constant (the EtherType alternatives of {@code host}).
 * </ul>
 */
final class PcapSimplify {
    private PcapSimplify() {}

    static PcapTest apply(PcapTest t) {
        return shape(known(shape(t), PcapFacts.NONE));
    }

    private static PcapTest shape(PcapTest t) {
        if (t instanceof PcapTest.And a) return and(shape(a.left()), shape(a.right()));
        if (t instanceof PcapTest.Or o) return or(shape(o.left()), shape(o.right()));
        if (t instanceof PcapTest.Not n) {
            // The negation of one comparison is the opposite comparison, with the same reads.
            if (n.operand() instanceof PcapTest.Compare c) return new PcapTest.Compare(c.left(), opposite(c.op()), c.right());
            return new PcapTest.Not(shape(n.operand()));
        }
        if (t instanceof PcapTest.Choice c) return new PcapTest.Choice(shape(c.condition()), shape(c.then()), shape(c.otherwise()));
        return t;
    }

    private static PcapTest.Op opposite(PcapTest.Op op) {
        return switch (op) {
            case EQ -> PcapTest.Op.NE;
            case NE -> PcapTest.Op.EQ;
            case GT -> PcapTest.Op.LE;
            case GE -> PcapTest.Op.LT;
            case LT -> PcapTest.Op.GE;
            case LE -> PcapTest.Op.GT;
        };
    }

    /**
     * Comparisons that the comparisons before them on every way decide become constants: after
     * {@code ether proto 0x800} held, the IPv6 half of {@code tcp} is false. The bytes they read were
     * read before, so no rejection is lost. {@code x and false} stays: {@code x} may reject.
     */
    private static PcapTest known(PcapTest t, PcapFacts f) {
        if (t instanceof PcapTest.Compare c) {
            Optional<PcapFacts.Key> key = PcapFacts.key(c);
            if (key.isEmpty()) return t;
            return f.equals(key.get(), PcapFacts.constant(c)).<PcapTest>map(eq -> new PcapTest.Constant(eq == (c.op() == PcapTest.Op.EQ))).orElse(t);
        }
        if (t instanceof PcapTest.And a) {
            PcapTest l = known(a.left(), f);
            if (l instanceof PcapTest.Constant k) return k.value() ? known(a.right(), f) : l;
            return new PcapTest.And(l, known(a.right(), after(l, true, f)));
        }
        if (t instanceof PcapTest.Or o) {
            PcapTest l = known(o.left(), f);
            if (l instanceof PcapTest.Constant k) return k.value() ? l : known(o.right(), f);
            return new PcapTest.Or(l, known(o.right(), after(l, false, f)));
        }
        if (t instanceof PcapTest.Not n) {
            PcapTest x = known(n.operand(), f);
            return x instanceof PcapTest.Constant k ? new PcapTest.Constant(!k.value()) : new PcapTest.Not(x);
        }
        if (t instanceof PcapTest.Choice c) {
            PcapTest x = known(c.condition(), f);
            if (x instanceof PcapTest.Constant k) return known(k.value() ? c.then() : c.otherwise(), f);
            return new PcapTest.Choice(x, known(c.then(), after(x, true, f)), known(c.otherwise(), after(x, false, f)));
        }
        return t;
    }

    /**
     * What is known once {@code t} held ({@code held}) or failed without rejecting: every part of a
     * held conjunction held, every part of a failed disjunction failed, and a comparison of a
     * constant-offset load fixes or excludes its value.
     */
    private static PcapFacts after(PcapTest t, boolean held, PcapFacts f) {
        if (held && t instanceof PcapTest.And a) return after(a.right(), true, after(a.left(), true, f));
        if (!held && t instanceof PcapTest.Or o) return after(o.right(), false, after(o.left(), false, f));
        if (t instanceof PcapTest.Compare c && PcapFacts.key(c).isPresent()) {
            PcapFacts.Key key = PcapFacts.key(c).get();
            boolean equal = (c.op() == PcapTest.Op.EQ) == held;
            return equal ? f.withEqual(key, PcapFacts.constant(c)) : f.withUnequal(key, PcapFacts.constant(c));
        }
        return f;
    }

    private static PcapTest and(PcapTest l, PcapTest r) {
        if (l instanceof PcapTest.And a) return and(a.left(), and(a.right(), r));
        return new PcapTest.And(l, r);
    }

    private static PcapTest or(PcapTest l, PcapTest r) {
        if (l instanceof PcapTest.Or o) return or(o.left(), or(o.right(), r));
        if (l instanceof PcapTest.Choice a && pure(a.condition()) && constantReads(a.condition())) {
            if (r instanceof PcapTest.Choice b && b.condition().equals(a.condition())) {
                return new PcapTest.Choice(a.condition(), or(a.then(), b.then()), or(a.otherwise(), b.otherwise()));
            }
            if (r instanceof PcapTest.Or ro && ro.left() instanceof PcapTest.Choice b && b.condition().equals(a.condition())) {
                return or(new PcapTest.Choice(a.condition(), or(a.then(), b.then()), or(a.otherwise(), b.otherwise())), ro.right());
            }
        }
        if (l instanceof PcapTest.And a && pure(a.left()) && constantReads(a.left())) {
            if (r instanceof PcapTest.And b && b.left().equals(a.left())) return and(a.left(), or(a.right(), b.right()));
            if (r instanceof PcapTest.Or ro && ro.left() instanceof PcapTest.And b && b.left().equals(a.left())) {
                return or(and(a.left(), or(a.right(), b.right())), ro.right());
            }
        }
        if (l instanceof PcapTest.And a && pure(a.right())) {
            if (r instanceof PcapTest.And b && b.right().equals(a.right()) && covered(b.left(), a.left())) {
                return and(or(a.left(), b.left()), a.right());
            }
            if (r instanceof PcapTest.Or ro && ro.left() instanceof PcapTest.And b && b.right().equals(a.right()) && covered(b.left(), a.left())) {
                return or(and(or(a.left(), b.left()), a.right()), ro.right());
            }
        }
        if (l instanceof PcapTest.And a) {
            Optional<Key> e = key(a.left());
            if (e.isPresent() && excluded(r, e.get())) return new PcapTest.Choice(a.left(), a.right(), r);
        }
        return new PcapTest.Or(l, r);
    }

    /** A compare of constant-offset bytes (masked or not) equal to a constant, and that constant. */
    private record Key(long offset, int size, long mask, long value) {}

    private static Optional<Key> key(PcapTest t) {
        if (!(t instanceof PcapTest.Compare c) || c.op() != PcapTest.Op.EQ || !(c.right() instanceof Value.Constant k)) return Optional.empty();
        Value left = c.left();
        long mask = 0xffffffffL;
        if (left instanceof Value.Binary b && b.op() == PcapTest.Arith.AND && b.right() instanceof Value.Constant m) {
            mask = m.value();
            left = b.left();
        }
        if (left instanceof Value.Load l && l.dynamic() instanceof Value.Constant base) {
            return Optional.of(new Key(base.value() + l.offset(), l.size(), mask, k.value()));
        }
        return Optional.empty();
    }

    /** Every way for {@code t} to hold starts with a compare of {@code e}'s bytes with another constant. */
    private static boolean excluded(PcapTest t, Key e) {
        if (t instanceof PcapTest.And a) return excluded(a.left(), e);
        if (t instanceof PcapTest.Or o) return excluded(o.left(), e) && excluded(o.right(), e);
        if (t instanceof PcapTest.Choice c) return excluded(c.condition(), e) && excluded(c.otherwise(), e);
        Optional<Key> k = key(t);
        return k.isPresent() && k.get().offset() == e.offset() && k.get().size() == e.size() && k.get().mask() == e.mask()
                && k.get().value() != e.value();
    }

    /** {@code b} reads only constant-offset bytes that {@code a} holding proves present, and cannot reject otherwise. */
    private static boolean covered(PcapTest b, PcapTest a) {
        int present = PcapReads.whenTrue(a);
        return pure(b) && constantReads(b) && present != PcapReads.NONE && PcapReads.furthest(b) <= present;
    }

    /** No assignment: evaluating it twice changes nothing. */
    private static boolean pure(PcapTest t) {
        if (t instanceof PcapTest.And a) return pure(a.left()) && pure(a.right());
        if (t instanceof PcapTest.Or o) return pure(o.left()) && pure(o.right());
        if (t instanceof PcapTest.Not n) return pure(n.operand());
        if (t instanceof PcapTest.Choice c) return pure(c.condition()) && pure(c.then()) && pure(c.otherwise());
        return !(t instanceof PcapTest.Assign);
    }

    /** Only compares of constants and constant-offset loads (nothing that can reject but a read). */
    private static boolean constantReads(PcapTest t) {
        if (t instanceof PcapTest.And a) return constantReads(a.left()) && constantReads(a.right());
        if (t instanceof PcapTest.Or o) return constantReads(o.left()) && constantReads(o.right());
        if (t instanceof PcapTest.Not n) return constantReads(n.operand());
        if (t instanceof PcapTest.Compare c) return simple(c.left()) && simple(c.right());
        return t instanceof PcapTest.Constant;
    }

    private static boolean simple(Value v) {
        if (v instanceof Value.Constant) return true;
        if (v instanceof Value.Load l) return l.dynamic() instanceof Value.Constant && l.dynamic() instanceof Value.Constant k
                && k.value() + l.offset() <= PcapReads.MAX_OFFSET;
        if (v instanceof Value.Binary b) return b.op() != PcapTest.Arith.DIV && b.op() != PcapTest.Arith.MOD && simple(b.left()) && simple(b.right());
        return false;
    }
}
