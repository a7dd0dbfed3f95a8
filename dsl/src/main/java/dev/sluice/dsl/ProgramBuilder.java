package dev.sluice.dsl;

import dev.sluice.dsl.model.Hook;
import dev.sluice.dsl.model.NamedSet;
import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.SourceLocation;
import dev.sluice.dsl.model.Statement;
import java.util.List;
import java.util.Optional;

/** The fluent layer's program: a model {@link Program.Definition} it only builds and reads through. */
final class ProgramBuilder implements ProgramStep {
    private final Program.Definition definition;

    ProgramBuilder(Program.Definition definition) {
        this.definition = definition;
    }

    @Override
    public RuleStep<ProgramStep> when(Condition condition) {
        return new RuleBuilder<>(this, Optional.of(condition), SourceLocation.caller(), ProgramBuilder::new);
    }

    @Override
    public RuleStep<ProgramStep> otherwise() {
        return new RuleBuilder<>(this, Optional.empty(), SourceLocation.caller(), ProgramBuilder::new);
    }

    @Override
    public Hook hook() {
        return definition.hook();
    }

    @Override
    public Optional<String> name() {
        return definition.name();
    }

    @Override
    public List<Statement> statements() {
        return definition.statements();
    }

    @Override
    public List<NamedSet> sets() {
        return definition.sets();
    }

    @Override
    public SourceLocation location() {
        return definition.location();
    }

    /** The model's text of the program, for test failures and debugging. */
    @Override
    public String toString() {
        return definition.toString();
    }
}
