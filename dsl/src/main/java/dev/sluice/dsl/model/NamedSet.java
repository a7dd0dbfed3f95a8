package dev.sluice.dsl.model;

import java.util.List;
import java.util.Objects;

/** {@code set NAME = { ... }}: members are literals (addresses, CIDRs, MACs, integers) or ranges. */
public record NamedSet(String name, List<Expr> members, List<Expr.SetRef.Range> ranges, SourceLocation location) {
    public NamedSet {
        Objects.requireNonNull(name);
        members = List.copyOf(members);
        ranges = List.copyOf(ranges);
    }
}
