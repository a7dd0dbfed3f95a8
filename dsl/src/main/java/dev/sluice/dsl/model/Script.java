package dev.sluice.dsl.model;

import java.util.List;

/**
 * A whole {@code .ebpf} file: its set declarations and its programs in the order written. Sets are
 * global to the script, so every program also carries them in {@link Program#sets()}.
 */
public record Script(List<NamedSet> sets, List<Program> programs) {
    /** Copies both lists. */
    public Script {
        sets = List.copyOf(sets);
        programs = List.copyOf(programs);
    }
}
