package dev.sluice.runtime;

import dev.sluice.compiler.CompiledProgram;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One apply: the compiled {@code programs} become the rules {@code name} under {@code root} (a
 * bpffs folder), attached at {@code points}. {@code scriptPath}, {@code sha256} and {@code script}
 * (the rules as a script, sets written out) are recorded so that status and set can compile them
 * again. {@code replacedSets} gives named sets new contents (members as in a script) instead of
 * carrying the old ones over. {@code undeclared} gives, from the record of the rules applied before
 * (read under the transaction's lock), the members of each named set that their script declared
 * and {@code programs} no longer do: a carried-over set loses them, and keeps the members added
 * while the rules ran. The observer hears each {@link ApplyStep}.
 */
public record ApplyRequest(Path root, String name, String scriptPath, String sha256, String script,
                           List<CompiledProgram> programs, AttachPoints points, Map<String, List<String>> replacedSets,
                           Function<AppliedRecord, Map<String, List<String>>> undeclared,
                           java.util.function.Consumer<ApplyStep> observer) {
    /** Rejects missing parts; copies the lists. */
    public ApplyRequest {
        Objects.requireNonNull(root);
        Objects.requireNonNull(name);
        Objects.requireNonNull(scriptPath);
        Objects.requireNonNull(sha256);
        Objects.requireNonNull(script);
        programs = List.copyOf(programs);
        Objects.requireNonNull(points);
        replacedSets = Map.copyOf(replacedSets);
        Objects.requireNonNull(undeclared);
        Objects.requireNonNull(observer);
    }

    /** The record of the generation this request makes, its programs' maps and links as planned. */
    AppliedRecord record(List<AppliedRecord.ProgramEntry> entries) {
        return new AppliedRecord(scriptPath, sha256, script, points, entries);
    }
}
