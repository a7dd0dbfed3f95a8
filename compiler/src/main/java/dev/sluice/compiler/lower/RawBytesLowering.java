package dev.sluice.compiler.lower;

import dev.sluice.compiler.check.Suggestions;
import dev.sluice.compiler.hooks.RawHeader;
import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.SourceLocation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Raw bytes ({@code tcp[OFFSET:SIZE]}, docs/LANGUAGE-RAW-BYTES.md "Raw bytes") as values: the header checked
 * against {@link RawHeader} and the hook, the size against 1, 2 and 4, a constant offset against the
 * 65,535 bytes raw bytes reach, literals compared with them against their width (a string as its
 * bytes, big-endian), and {@code in} an inline set as the comparisons it stands for.
 */
final class RawBytesLowering {
    private final Function<String, Optional<String>> refusal;
    private final Function<Expr, Optional<Condition.Value>> arithmetic;
    private final BiConsumer<SourceLocation, String> error;

    /** {@code refusal} says why this hook reads no raw bytes of the header it is given, if it reads none. */
    RawBytesLowering(Function<String, Optional<String>> refusal, Function<Expr, Optional<Condition.Value>> arithmetic, BiConsumer<SourceLocation, String> error) {
        this.refusal = refusal;
        this.arithmetic = arithmetic;
        this.error = error;
    }

    /** The value raw bytes read, or empty (reported). */
    Optional<Condition.Value> value(Expr.RawBytes raw) {
        // Refusals first: inner.inner.tcp is not an unknown header but a second tunnel level, which is not read.
        Optional<String> refused = refusal.apply(raw.header());
        if (refused.isPresent()) {
            error.accept(raw.location(), refused.get());
            return Optional.empty();
        }
        Optional<RawHeader> header = RawHeader.byScriptName(raw.header());
        if (header.isEmpty()) {
            // The headers of the layer the script names, so that inner.vlan[0] is told the inner names.
            boolean inner = raw.header().startsWith(dev.sluice.compiler.hooks.PacketField.INNER_PREFIX);
            List<String> names = Arrays.stream(RawHeader.values()).filter(h -> h.isInner() == inner).map(RawHeader::scriptName).toList();
            String hint = Suggestions.nearest(raw.header(), names).map(s -> "; did you mean " + s + "?").orElse("");
            error.accept(raw.location(), "raw bytes read " + String.join(", ", names) + ", not " + raw.header() + hint);
            return Optional.empty();
        }
        if (raw.size() != 1 && raw.size() != 2 && raw.size() != 4) {
            error.accept(raw.location(), "raw bytes read 1, 2 or 4 bytes, not " + Long.toUnsignedString(raw.size()));
            return Optional.empty();
        }
        Optional<Condition.Value> offset = arithmetic.apply(raw.offset());
        if (offset.isEmpty()) return Optional.empty();
        Optional<Long> constant = constant(offset.get());
        if (constant.isPresent() && Long.compareUnsigned(constant.get(), RawHeader.READ_LIMIT - raw.size()) > 0) {
            long at = constant.get();
            error.accept(raw.offset().location(), (at < 0 ? "offset " + at + " is negative" : "offset " + at + " is too large")
                    + ": raw bytes read within a packet's first " + RawHeader.READ_LIMIT + " bytes, so a " + raw.size()
                    + "-byte read takes offsets 0 to " + (RawHeader.READ_LIMIT - raw.size()));
            return Optional.empty();
        }
        return Optional.of(new Condition.Value.RawBytes(header.get(), offset.get(), (int) raw.size()));
    }

    /**
     * {@code raw OP literal} where a literal stands on one side: a number within the read's width, or a
     * string of exactly its size as those bytes; empty (reported) otherwise.
     */
    Optional<Condition.Value> literal(Expr.RawBytes raw, Expr literal) {
        if (literal instanceof Expr.StringLiteral text) {
            byte[] bytes = text.value().getBytes(StandardCharsets.UTF_8);
            if (bytes.length != raw.size()) {
                error.accept(literal.location(), "\"" + text.value() + "\" is " + bytes.length + " byte" + (bytes.length == 1 ? "" : "s")
                        + " but " + describe(raw) + " reads " + Long.toUnsignedString(raw.size()));
                return Optional.empty();
            }
            long value = 0;
            for (byte x : bytes) value = value << 8 | (x & 0xff);
            return Optional.of(new Condition.Value.Constant(value));
        }
        if (literal instanceof Expr.IntLiteral i && (raw.size() == 1 || raw.size() == 2 || raw.size() == 4)) {
            long max = (1L << (8 * raw.size())) - 1;
            if (Long.compareUnsigned(i.value(), max) > 0) {
                error.accept(literal.location(), Long.toUnsignedString(i.value()) + " is out of range for " + describe(raw) + " (0 to " + max + ")");
                return Optional.empty();
            }
        }
        return arithmetic.apply(literal);
    }

    /** {@code raw in {...}} and {@code not in}: the comparisons it stands for, false when the bytes cannot be read. */
    Condition in(Expr.In in) {
        Expr.RawBytes raw = (Expr.RawBytes) in.value();
        Optional<Condition.Value> value = value(raw);
        if (value.isEmpty()) return new Condition.Constant(false);
        List<Expr> members;
        List<Expr.SetRef.Range> ranges;
        if (in.set() instanceof Expr.SetRef.Inline inline) {
            members = inline.members();
            ranges = inline.ranges();
        } else if (in.set() instanceof Expr.SetRef.Range r) {
            members = List.of();
            ranges = List.of(r);
        } else {
            error.accept(in.location(), "raw bytes take a set written in place ({1, 2} or 1..5), not a named set");
            return new Condition.Constant(false);
        }
        Condition.CompareOp each = in.negated() ? Condition.CompareOp.NE : Condition.CompareOp.EQ;
        // Readable at all: any value is >= 0, so this holds exactly when the bytes can be read.
        List<Condition> parts = new ArrayList<>(List.of(new Condition.CompareValues(value.get(), Condition.CompareOp.GE, new Condition.Value.Constant(0))));
        List<Condition> matches = new ArrayList<>();
        for (Expr m : members) {
            if (!(m instanceof Expr.IntLiteral)) {
                error.accept(m.location(), "raw bytes are numbers, not " + LiteralComparison.describe(m));
                return new Condition.Constant(false);
            }
            Optional<Condition.Value> v = literal(raw, m);
            if (v.isEmpty()) return new Condition.Constant(false);
            matches.add(new Condition.CompareValues(value.get(), each, v.get()));
        }
        for (Expr.SetRef.Range r : ranges) {
            Condition inside = new Condition.All(List.of(
                    new Condition.CompareValues(value.get(), Condition.CompareOp.GE, new Condition.Value.Constant(r.low())),
                    new Condition.CompareValues(value.get(), Condition.CompareOp.LE, new Condition.Value.Constant(r.high()))));
            matches.add(in.negated() ? new Condition.Not(inside) : inside);
        }
        if (in.negated()) parts.addAll(matches);
        else parts.add(new Condition.Any(matches));
        return new Condition.All(parts);
    }

    private static String describe(Expr.RawBytes raw) {
        return raw.header() + "[...:" + Long.toUnsignedString(raw.size()) + "]";
    }

    /** The value of an offset without fields, folded as the program would compute it. */
    private static Optional<Long> constant(Condition.Value v) {
        if (v instanceof Condition.Value.Constant k) return Optional.of(k.value());
        if (!(v instanceof Condition.Value.Binary b)) return Optional.empty();
        Optional<Long> l = constant(b.left());
        Optional<Long> r = constant(b.right());
        if (l.isEmpty() || r.isEmpty()) return Optional.empty();
        long x = l.get();
        long y = r.get();
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
}
