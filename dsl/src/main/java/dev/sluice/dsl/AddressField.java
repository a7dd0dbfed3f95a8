package dev.sluice.dsl;

import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.NamedSet;
import dev.sluice.dsl.model.Literals;
import dev.sluice.dsl.model.SourceLocation;
import java.util.ArrayList;
import java.util.List;

/** An address field ({@code ip.src}, {@code ip6.dst}, {@code eth.src}): equality and membership in addresses, CIDRs and sets. */
public final class AddressField implements Value {
    private final String name;

    AddressField(String name) {
        this.name = name;
    }

    /** The field, as an action's key or value reads it. */
    @Override
    public Expr expr(SourceLocation at) {
        return new Expr.Field(name, at);
    }

    /**
     * {@code FIELD == ADDRESS}: the address as written (IPv4, IPv6 or MAC); a CIDR here is a compile error
     * that suggests {@link #in(String...)}. False when the field's header is absent.
     */
    public Condition eq(String address) {
        SourceLocation at = SourceLocation.caller();
        return new Condition(new Expr.Compare(Expr.CompareOp.EQ, new Expr.Field(name, at), Literals.parse(address, at), at));
    }

    /**
     * {@code FIELD != ADDRESS}. Like every comparison, false when the field's header is absent: {@code
     * ip().src().ne(...)} does not hold for an IPv6 packet.
     */
    public Condition ne(String address) {
        SourceLocation at = SourceLocation.caller();
        return new Condition(new Expr.Compare(Expr.CompareOp.NE, new Expr.Field(name, at), Literals.parse(address, at), at));
    }

    /** In any of these addresses or CIDRs. */
    public Condition in(String... addresses) {
        return inline(false, addresses);
    }

    /**
     * {@code FIELD not in {...}}: none of these addresses or CIDRs. False, not true, when the field's header
     * is absent.
     */
    public Condition notIn(String... addresses) {
        return inline(true, addresses);
    }

    /**
     * {@code FIELD in SET}: membership in a named set, which the program then carries (and which stays
     * changeable while it runs).
     */
    public Condition in(NamedSet set) {
        return named(false, set);
    }

    /** {@code FIELD not in SET}; false when the field's header is absent. */
    public Condition notIn(NamedSet set) {
        return named(true, set);
    }

    private Condition inline(boolean negated, String... addresses) {
        SourceLocation at = SourceLocation.caller();
        List<Expr> members = new ArrayList<>();
        for (String a : addresses) members.add(Literals.parse(a, at));
        return new Condition(new Expr.In(new Expr.Field(name, at), new Expr.SetRef.Inline(members), negated, at));
    }

    private Condition named(boolean negated, NamedSet set) {
        SourceLocation at = SourceLocation.caller();
        return new Condition(new Expr.In(new Expr.Field(name, at), new Expr.SetRef.Named(set.name(), at), negated, at), List.of(set));
    }
}
