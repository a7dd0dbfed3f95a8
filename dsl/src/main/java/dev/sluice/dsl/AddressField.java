package dev.sluice.dsl;

import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.NamedSet;
import dev.sluice.dsl.model.SourceLocation;
import java.util.ArrayList;
import java.util.List;

/** An address field ({@code ip.src}, {@code ip6.dst}, {@code eth.src}): equality and membership in addresses, CIDRs and sets. */
public final class AddressField {
    private final String name;

    AddressField(String name) {
        this.name = name;
    }

    public Condition eq(String address) {
        SourceLocation at = SourceLocation.caller();
        return new Condition(new Expr.Compare(Expr.CompareOp.EQ, new Expr.Field(name, at), Literals.parse(address, at), at));
    }

    public Condition ne(String address) {
        SourceLocation at = SourceLocation.caller();
        return new Condition(new Expr.Compare(Expr.CompareOp.NE, new Expr.Field(name, at), Literals.parse(address, at), at));
    }

    /** In any of these addresses or CIDRs. */
    public Condition in(String... addresses) {
        return inline(false, addresses);
    }

    public Condition notIn(String... addresses) {
        return inline(true, addresses);
    }

    public Condition in(NamedSet set) {
        return named(false, set);
    }

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
