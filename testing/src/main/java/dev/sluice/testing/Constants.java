package dev.sluice.testing;

import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.NamedSet;
import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.Statement;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The constants of rules, and their edges, that random frames should hit so that rare branches are
 * reached: every integer with its neighbours, every range's ends and the values just outside, every
 * address, every CIDR's first and last address and the ones just outside it, every MAC.
 */
public record Constants(List<Long> integers, List<byte[]> ipv4, List<byte[]> ipv6, List<byte[]> macs) {
    /** Copies the lists. */
    public Constants {
        integers = List.copyOf(integers);
        ipv4 = List.copyOf(ipv4);
        ipv6 = List.copyOf(ipv6);
        macs = List.copyOf(macs);
    }

    /** No constants: frames drawn only from common values. */
    public static Constants none() {
        return new Constants(List.of(), List.of(), List.of(), List.of());
    }

    /** The constants of every condition of {@code programs} and of the sets they declare. */
    public static Constants of(List<? extends Program> programs) {
        Collector c = new Collector();
        for (Program p : programs) {
            for (Statement s : p.statements()) c.statement(s);
            for (NamedSet set : p.sets()) c.set(set);
        }
        return c.constants();
    }

    /** The constants of one program. */
    public static Constants of(Program program) {
        return of(List.of(program));
    }

    /** The constants of one condition. */
    public static Constants of(Expr condition) {
        Collector c = new Collector();
        c.expr(condition);
        return c.constants();
    }

    /** Both sets of constants together. */
    public Constants plus(Constants other) {
        return new Constants(union(integers, other.integers), union(ipv4, other.ipv4), union(ipv6, other.ipv6), union(macs, other.macs));
    }

    private static <T> List<T> union(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** Walks statements and expressions, collecting each constant with its edges. */
    private static final class Collector {
        private final Set<Long> integers = new LinkedHashSet<>();
        private final Set<BigInteger> ipv4 = new LinkedHashSet<>();
        private final Set<BigInteger> ipv6 = new LinkedHashSet<>();
        private final Set<Long> macs = new LinkedHashSet<>();

        void statement(Statement s) {
            if (s instanceof Statement.When w) {
                expr(w.condition());
                for (Statement inner : w.body()) statement(inner);
            }
        }

        void set(NamedSet set) {
            for (Expr m : set.members()) expr(m);
            for (Expr.SetRef.Range r : set.ranges()) range(r.low(), r.high());
        }

        void expr(Expr e) {
            if (e instanceof Expr.IntLiteral i) {
                range(i.value(), i.value());
            } else if (e instanceof Expr.Ipv4 a) {
                ipv4.add(BigInteger.valueOf(a.value() & 0xffffffffL));
            } else if (e instanceof Expr.Ipv6 a) {
                ipv6.add(v6(a.high(), a.low()));
            } else if (e instanceof Expr.Mac m) {
                macs.add(m.value());
            } else if (e instanceof Expr.Cidr c) {
                cidr(c);
            } else if (e instanceof Expr.Compare c) {
                expr(c.left());
                expr(c.right());
            } else if (e instanceof Expr.Binary b) {
                expr(b.left());
                expr(b.right());
            } else if (e instanceof Expr.And a) {
                expr(a.left());
                expr(a.right());
            } else if (e instanceof Expr.Or o) {
                expr(o.left());
                expr(o.right());
            } else if (e instanceof Expr.Not n) {
                expr(n.operand());
            } else if (e instanceof Expr.In in) {
                expr(in.value());
                setRef(in.set());
            } else if (e instanceof Expr.Call call) {
                call.args().forEach(this::expr);
            } else if (e instanceof Expr.RawBytes raw) {
                expr(raw.offset());
            }
            // Fields and strings carry no number a frame could hit.
        }

        private void setRef(Expr.SetRef ref) {
            if (ref instanceof Expr.SetRef.Inline inline) {
                inline.members().forEach(this::expr);
                for (Expr.SetRef.Range r : inline.ranges()) range(r.low(), r.high());
            } else if (ref instanceof Expr.SetRef.Range r) {
                range(r.low(), r.high());
            }
            // A named set's members are collected from the program's sets.
        }

        private void range(long low, long high) {
            integers.add(low - 1);
            integers.add(low);
            integers.add(high);
            integers.add(high + 1);
        }

        private void cidr(Expr.Cidr c) {
            int bits = c.v6() ? 128 : 32;
            BigInteger first = c.v6() ? v6(c.high(), c.low()) : BigInteger.valueOf(c.high() & 0xffffffffL);
            BigInteger size = BigInteger.ONE.shiftLeft(bits - c.prefix());
            BigInteger last = first.add(size).subtract(BigInteger.ONE);
            BigInteger top = BigInteger.ONE.shiftLeft(bits);
            Set<BigInteger> into = c.v6() ? ipv6 : ipv4;
            for (BigInteger a : List.of(first.subtract(BigInteger.ONE), first, last, last.add(BigInteger.ONE))) {
                if (a.signum() >= 0 && a.compareTo(top) < 0) into.add(a);
            }
        }

        private static BigInteger v6(long high, long low) {
            return new BigInteger(Long.toUnsignedString(high)).shiftLeft(64).or(new BigInteger(Long.toUnsignedString(low)));
        }

        Constants constants() {
            return new Constants(new ArrayList<>(integers), bytes(ipv4, 4), bytes(ipv6, 16),
                    macs.stream().map(m -> bytes(BigInteger.valueOf(m), 6)).toList());
        }

        private static List<byte[]> bytes(Set<BigInteger> values, int width) {
            return values.stream().map(v -> bytes(v, width)).toList();
        }

        private static byte[] bytes(BigInteger v, int width) {
            byte[] out = new byte[width];
            byte[] raw = v.toByteArray();
            for (int i = 0; i < Math.min(width, raw.length); i++) out[width - 1 - i] = raw[raw.length - 1 - i];
            return out;
        }
    }
}
