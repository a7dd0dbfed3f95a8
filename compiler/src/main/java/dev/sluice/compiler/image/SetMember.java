package dev.sluice.compiler.image;

import dev.sluice.dsl.model.Expr;
import java.util.Optional;

/**
 * One member of a set as numbers, as the parser stores the field: a value ({@code bits} = the
 * field's width for an exact member) or a prefix; IPv6 in high and low halves.
 */
public record SetMember(long high, long low, int bits) {
    /** A literal of the rules as a member: an address (all its bits), a CIDR, a MAC or a number. */
    public static Optional<SetMember> of(Expr literal) {
        if (literal instanceof Expr.Cidr c) return Optional.of(new SetMember(c.high(), c.low(), c.prefix()));
        if (literal instanceof Expr.Ipv6 a) return Optional.of(new SetMember(a.high(), a.low(), 128));
        if (literal instanceof Expr.Ipv4 a) return Optional.of(new SetMember(a.value(), 0, 32));
        if (literal instanceof Expr.Mac a) return Optional.of(new SetMember(a.value(), 0, 64));
        if (literal instanceof Expr.IntLiteral i) return Optional.of(new SetMember(i.value(), 0, 64));
        return Optional.empty();
    }
}
