package dev.sluice.testing;

import dev.sluice.compiler.Verdicts;
import dev.sluice.dsl.model.Verdict;

/** What one run of a program on one frame gave: a verdict, the kernel's refusal to run the frame, or a failure. */
public sealed interface RunOutcome {
    /** The outcome in one line: {@code drop}, {@code truncate:64}, {@code refused (...)}, {@code failed (...)}. */
    String describe();

    /** The program ran to a verdict. */
    record Ran(Verdict verdict) implements RunOutcome {
        /** The verdict's name as {@code sluice test} prints it. */
        @Override
        public String describe() {
            return Verdicts.name(verdict);
        }
    }

    /**
     * BPF_PROG_TEST_RUN does not take this frame at all (shorter than an Ethernet header, or an
     * incomplete IP header for skb programs), so the kernel has no verdict to compare.
     */
    record Refused(String reason) implements RunOutcome {
        /** {@code refused (REASON)}. */
        @Override
        public String describe() {
            return "refused (" + reason + ")";
        }
    }

    /** The run failed where it should have given a verdict: a bpf() error, or an interpreter fault. */
    record Failed(String reason) implements RunOutcome {
        /** {@code failed (REASON)}. */
        @Override
        public String describe() {
            return "failed (" + reason + ")";
        }
    }
}
