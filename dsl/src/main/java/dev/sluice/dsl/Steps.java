package dev.sluice.dsl;

import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.SourceLocation;
import java.util.Optional;

/** Where {@link Program}'s fluent methods enter the step types (which keep their constructors to this package). */
public final class Steps {
    private Steps() {}

    /**
     * Starts a rule of {@code program}: with a condition for {@code when}, without for {@code otherwise}. Not
     * for users; {@link Program#when} calls it.
     */
    public static RuleStep start(Program program, Optional<Condition> condition) {
        return new RuleStep(program, condition, SourceLocation.caller());
    }
}
