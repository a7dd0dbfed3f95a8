package dev.sluice.dsl.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A program: its hook, optional name, statements and the sets it uses. Immutable: the fluent
 * methods of {@link dev.sluice.dsl.Sluice}'s steps return new programs.
 */
public record Program(Hook hook, Optional<String> name, List<Statement> statements, List<NamedSet> sets,
                      SourceLocation location) {
    /**
     * Copies the statements and sets, so that a program shared between threads or reused in several scripts
     * never changes.
     */
    public Program {
        Objects.requireNonNull(hook);
        Objects.requireNonNull(name);
        statements = List.copyOf(statements);
        sets = List.copyOf(sets);
        Objects.requireNonNull(location);
    }

    /** Starts a rule: {@code xdp().when(tcp().dport(22)).drop()}. */
    public dev.sluice.dsl.RuleStep when(dev.sluice.dsl.Condition condition) {
        return dev.sluice.dsl.Steps.start(this, Optional.of(condition));
    }

    /** Starts an unconditional rule. */
    public dev.sluice.dsl.RuleStep otherwise() {
        return dev.sluice.dsl.Steps.start(this, Optional.empty());
    }

    /** The name the program loads under: its own, else the hook's kind numbered by the caller. */
    public String nameOr(String fallback) {
        return name.orElse(fallback);
    }
}
