package dev.sluice.dsl.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A program: its hook, optional name, statements and the sets it uses. Every implementation is
 * immutable. The grammar builds {@link Definition}s; the fluent Java DSL's steps are programs too (so
 * that {@code Program ssh = xdp().when(tcp().dport(22)).drop();} holds one), and this package knows
 * nothing of them.
 */
public interface Program {
    /** Where the program runs. */
    Hook hook();

    /** The name given in the script or in Java; empty for a program named by its position. */
    Optional<String> name();

    /** The statements, run top to bottom. */
    List<Statement> statements();

    /** The named sets the statements use (in a script: every set the script declares). */
    List<NamedSet> sets();

    /** Where the program was written: its header in a script, the Java line that started it. */
    SourceLocation location();

    /** The name the program loads under: its own, else the hook's kind numbered by the caller. */
    default String nameOr(String fallback) {
        return name().orElse(fallback);
    }

    /** A program of these parts. */
    static Program of(Hook hook, Optional<String> name, List<Statement> statements, List<NamedSet> sets, SourceLocation location) {
        return new Definition(hook, name, statements, sets, location);
    }

    /** A program as plain data: equal to another definition with equal parts. */
    record Definition(Hook hook, Optional<String> name, List<Statement> statements, List<NamedSet> sets,
                      SourceLocation location) implements Program {
        /**
         * Copies the statements and sets, so that a program shared between threads or reused in several
         * scripts never changes.
         */
        public Definition {
            Objects.requireNonNull(hook);
            Objects.requireNonNull(name);
            statements = List.copyOf(statements);
            sets = List.copyOf(sets);
            Objects.requireNonNull(location);
        }
    }
}
