package dev.sluice.dsl.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code set NAME = { ... }}: members are literals (addresses, CIDRs, MACs, integers) or ranges.
 * A set read with {@code set NAME = file "PATH"} keeps that path as written, so that the script
 * can be printed back as it was; its members are the file's lines.
 */
public record NamedSet(String name, List<Expr> members, List<Expr.SetRef.Range> ranges, SourceLocation location,
                       Optional<String> file) {
    /** Copies the members and ranges; {@code file} is empty for a set written inline. */
    public NamedSet {
        Objects.requireNonNull(name);
        members = List.copyOf(members);
        ranges = List.copyOf(ranges);
        Objects.requireNonNull(file);
    }

    /** A set written inline (not read from a file). */
    public NamedSet(String name, List<Expr> members, List<Expr.SetRef.Range> ranges, SourceLocation location) {
        this(name, members, ranges, location, Optional.empty());
    }
}
