package dev.sluice.cli;

import dev.sluice.runtime.AppliedRules;
import java.nio.file.Path;

/**
 * The bpffs folder the commands keep applied rules in: {@link AppliedRules#ROOT}, or the folder
 * {@code SLUICE_APPLIED_ROOT} names (a folder on a bpffs mount; tests use a bpffs of their own, so
 * that {@code remove --all} and {@code status} see only their rules). docs/CLI.md.
 */
final class AppliedRoot {
    /** The environment variable that moves the root. */
    static final String VARIABLE = "SLUICE_APPLIED_ROOT";

    private AppliedRoot() {}

    static Path path() {
        String given = System.getenv(VARIABLE);
        return given == null || given.isBlank() ? AppliedRules.ROOT : Path.of(given);
    }
}
