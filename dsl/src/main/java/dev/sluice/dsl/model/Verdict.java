package dev.sluice.dsl.model;

import java.util.Objects;

/** What ends a packet program (LANGUAGE.md, "Statements"). */
public sealed interface Verdict {
    record Pass() implements Verdict {}

    record Drop() implements Verdict {}

    record Tx() implements Verdict {}

    record Abort() implements Verdict {}

    record Redirect(String ifname) implements Verdict {
        public Redirect {
            Objects.requireNonNull(ifname);
        }
    }

    record Truncate(long bytes) implements Verdict {}
}
