package dev.sluice.cli.rules;

import java.nio.file.Path;

/** {@code .ebpf} scripts through the grammar module. */
final class ScriptRules {
    private ScriptRules() {}

    static RuleSource.Loaded load(Path file, String text) {
        return RuleSource.Loaded.failed(text, new Problem(file.toString(), 0, 0, 1, "the .ebpf front end is not merged yet", false));
    }
}
