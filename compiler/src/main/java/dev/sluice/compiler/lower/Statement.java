package dev.sluice.compiler.lower;

import java.util.List;
import java.util.Objects;

/** A lowered statement of a packet program. */
public sealed interface Statement {

    record When(Condition condition, List<Statement> body) implements Statement {
        public When {
            Objects.requireNonNull(condition);
            body = List.copyOf(body);
        }
    }

    /** Ends the program with the hook's return code (XDP_DROP, TC_ACT_SHOT, ...). */
    record Verdict(int code) implements Statement {}

    /**
     * Sends an event to user space: format {@code format} (an index into the program's print
     * formats) and the values of {@code args}; skipped when an argument is absent.
     */
    record Print(int format, List<dev.sluice.compiler.hooks.PacketField> args) implements Statement {
        public Print {
            args = List.copyOf(args);
        }
    }

    /**
     * Sends the packet out of interface {@code target} (an index into the program's redirect
     * targets, whose ifindexes the loader writes into a config map) and ends the program.
     */
    record Redirect(int target) implements Statement {}

    /**
     * Where the statements after it come from (a rule or statement of the script or Java DSL): no
     * code, but the generator notes the instruction it reaches, for line info and for tying a
     * verifier complaint back to a rule.
     */
    record Mark(dev.sluice.dsl.model.SourceLocation at) implements Statement {
        public Mark {
            java.util.Objects.requireNonNull(at);
        }
    }

    /** Adds 1 to counter {@code counter} (an index into the program's per-CPU counter array). */
    record Count(int counter) implements Statement {}

    /**
     * Adds 1 to keyed counter {@code counter} under the key made of {@code key}'s values (fields of
     * the counter's key types; another statement may feed the same counter from other fields); does
     * not run when any of them is absent (docs/LANGUAGE.md, "Counters").
     */
    record CountBy(int counter, List<dev.sluice.compiler.hooks.PacketField> key) implements Statement {
        public CountBy {
            key = List.copyOf(key);
        }
    }

    /** Adds {@code value}'s value to aggregate {@code aggregate} (a SUM keyed counter) under {@code key}'s values; skipped when absent. */
    record Sum(int aggregate, Condition.Value value, List<dev.sluice.compiler.hooks.PacketField> key) implements Statement {
        public Sum {
            Objects.requireNonNull(value);
            key = List.copyOf(key);
        }

        public Sum(int aggregate, dev.sluice.compiler.hooks.PacketField value, List<dev.sluice.compiler.hooks.PacketField> key) {
            this(aggregate, new Condition.Value.Field(value), key);
        }
    }

    /**
     * Counts {@code value} into its power-of-two bucket of aggregate {@code aggregate} (a HIST keyed
     * counter) under {@code key}'s values: bucket 0 holds 0, bucket k holds [2^(k-1), 2^k).
     */
    record Hist(int aggregate, Condition.Value value, List<dev.sluice.compiler.hooks.PacketField> key) implements Statement {
        public Hist {
            Objects.requireNonNull(value);
            key = List.copyOf(key);
        }

        public Hist(int aggregate, dev.sluice.compiler.hooks.PacketField value, List<dev.sluice.compiler.hooks.PacketField> key) {
            this(aggregate, new Condition.Value.Field(value), key);
        }
    }
}
