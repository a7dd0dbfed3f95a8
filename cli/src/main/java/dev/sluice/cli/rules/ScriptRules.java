package dev.sluice.cli.rules;

import dev.sluice.grammar.Scripts;
import java.nio.file.Path;
import java.util.List;

/** {@code .ebpf} scripts through the grammar module; set files are read beside the script. */
final class ScriptRules {
    /** How the grammar words a set file it cannot read (SetFiles). */
    private static final String UNREADABLE_SET_FILE = "cannot read set file";

    private ScriptRules() {}

    static LoadedRules load(Path file, String text) {
        Path dir = file.toAbsolutePath().getParent();
        Scripts.Result result = Scripts.parse(text, file.toString(), dir == null ? Path.of("") : dir);
        if (result.script().isEmpty()) {
            boolean unreadable = result.diagnostics().stream().anyMatch(d -> d.message().startsWith(UNREADABLE_SET_FILE));
            return new LoadedRules(text, List.of(), result.diagnostics(), result.sources(), unreadable);
        }
        return new LoadedRules(text, result.script().get().programs(), List.of(), result.sources(), false);
    }
}
