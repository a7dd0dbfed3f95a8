package dev.sluice.dsl;

import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.SourceLocation;
import java.util.Optional;

/** Where {@link Program}'s fluent methods enter the step types (which keep their constructors to this package). */
public final class Steps {
    private Steps() {}

    public static RuleStep start(Program program, Optional<Condition> condition) {
        return new RuleStep(program, condition, SourceLocation.caller());
    }
}
