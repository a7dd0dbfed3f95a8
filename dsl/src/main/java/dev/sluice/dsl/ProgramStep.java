package dev.sluice.dsl;

import dev.sluice.dsl.model.Program;

/**
 * The head of a program being written: the program so far (so {@code Program p = xdp().when(c).drop();}
 * holds it) and where its next rule starts. What {@link Sluice}'s hook entry points return, and what a
 * rule's verdict or {@link RuleStep#end()} returns. Immutable: every step returns a new program.
 */
public interface ProgramStep extends Program {
    /** Starts a rule that runs when {@code condition} holds: {@code xdp().when(tcp().dport(22)).drop()}. */
    RuleStep<ProgramStep> when(Condition condition);

    /** Starts a rule without a condition: what follows runs for every packet (or event) that got this far. */
    RuleStep<ProgramStep> otherwise();
}
