package dev.sluice.compiler.lower;

import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.SourceLocation;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * {@code field OP literal}: the literal's type checked against the field's kind, numbers against
 * its range, addresses and strings with {@code ==} and {@code !=} only; strings zero-padded to the
 * field's size and compared word by word.
 */
final class LiteralComparison {
    private final BiConsumer<SourceLocation, String> error;

    LiteralComparison(BiConsumer<SourceLocation, String> error) {
        this.error = error;
    }

    /** {@code field OP literal}, or empty (reported) when the literal does not fit the field. */
    Optional<Condition> compare(PacketField field, String name, Expr literal, Expr.CompareOp op) {
        FieldKind kind = FieldKind.of(field);
        Condition.CompareOp lowered = Condition.CompareOp.valueOf(op.name());
        if (kind == FieldKind.STRING) return stringEquals(field, name, literal, op);
        if (kind == FieldKind.IPV6) {
            if (!(literal instanceof Expr.Ipv6 v6)) return mismatch(field, name, literal);
            if (op != Expr.CompareOp.EQ && op != Expr.CompareOp.NE) return ordered(name, literal);
            Condition eq = new Condition.Prefix(field, v6.high(), v6.low(), 128);
            return Optional.of(op == Expr.CompareOp.EQ ? eq : new Condition.All(List.of(new Condition.Present(field), new Condition.Not(eq))));
        }
        long value;
        if (kind == FieldKind.IPV4) {
            if (!(literal instanceof Expr.Ipv4 v4)) return mismatch(field, name, literal);
            if (op != Expr.CompareOp.EQ && op != Expr.CompareOp.NE) return ordered(name, literal);
            value = v4.value();
        } else if (kind == FieldKind.MAC) {
            if (!(literal instanceof Expr.Mac mac)) return mismatch(field, name, literal);
            if (op != Expr.CompareOp.EQ && op != Expr.CompareOp.NE) return ordered(name, literal);
            value = mac.value();
        } else {
            if (!(literal instanceof Expr.IntLiteral i)) return mismatch(field, name, literal);
            value = i.value();
            long max = kind.max;
            if (kind != FieldKind.U64 && (value < 0 || value > max)) {
                error.accept(literal.location(), value + " is out of range for " + name + " (0 to " + max + ")");
                return Optional.empty();
            }
        }
        return Optional.of(new Condition.Compare(field, lowered, value));
    }

    /** {@code comm == "bash"}, {@code str(arg0) != "/tmp/x"}: whole-string equality only. */
    private Optional<Condition> stringEquals(PacketField field, String name, Expr literal, Expr.CompareOp op) {
        if (!(literal instanceof Expr.StringLiteral text)) return mismatch(field, name, literal);
        if (op != Expr.CompareOp.EQ && op != Expr.CompareOp.NE) {
            error.accept(literal.location(), "strings compare with == and != only");
            return Optional.empty();
        }
        byte[] bytes = text.value().getBytes(StandardCharsets.UTF_8);
        int size = 8 * field.slots();
        if (bytes.length >= size) {
            error.accept(literal.location(), "\"" + text.value() + "\" is " + bytes.length + " bytes; " + name + " holds at most "
                    + (size - 1) + ", so it never matches");
            return Optional.empty();
        }
        for (byte x : bytes) {
            if (x == 0) {
                error.accept(literal.location(), "a string to compare cannot hold a NUL byte");
                return Optional.empty();
            }
        }
        ByteBuffer padded = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN).put(bytes);
        List<Long> words = new ArrayList<>();
        for (int i = 0; i < field.slots(); i++) words.add(padded.getLong(8 * i));
        Condition eq = new Condition.BytesEqual(field, words);
        return Optional.of(op == Expr.CompareOp.EQ ? eq : new Condition.All(List.of(new Condition.Present(field), new Condition.Not(eq))));
    }

    /** Reports that {@code literal} is not of the field's kind; empty. */
    Optional<Condition> mismatch(PacketField field, String name, Expr literal) {
        error.accept(literal.location(), "type mismatch: " + name + " is " + FieldKind.of(field).description + ", not " + describe(literal));
        return Optional.empty();
    }

    private Optional<Condition> ordered(String name, Expr literal) {
        error.accept(literal.location(), "addresses have no order: use == or in with " + name);
        return Optional.empty();
    }

    /** What kind of literal {@code literal} is, for messages. */
    static String describe(Expr literal) {
        if (literal instanceof Expr.Ipv4) return "an IPv4 address";
        if (literal instanceof Expr.Ipv6) return "an IPv6 address";
        if (literal instanceof Expr.Mac) return "a MAC address";
        if (literal instanceof Expr.Cidr) return "a CIDR";
        if (literal instanceof Expr.StringLiteral) return "a string";
        if (literal instanceof Expr.IntLiteral) return "a number";
        return "this expression";
    }
}
