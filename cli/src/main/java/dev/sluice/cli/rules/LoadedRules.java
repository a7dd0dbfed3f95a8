package dev.sluice.cli.rules;

import dev.sluice.dsl.model.Diagnostic;
import dev.sluice.dsl.model.Program;
import java.util.List;
import java.util.Map;

/**
 * A rules file read: its programs, or the diagnostics that stop it; {@code text} is the file's text
 * and {@code sources} the text of every file read (the script's set files too), by the name
 * diagnostics give, for quoting lines. {@code inputUnreadable}: a file the rules name (a set file)
 * could not be read, which docs/CLI.md counts as bad input (exit 4) rather than a script error.
 * Each reader ({@code .ebpf}, {@code .java}) gives one; {@link RuleSource} picks the reader.
 */
public record LoadedRules(String text, List<Program> programs, List<Diagnostic> diagnostics, Map<String, String> sources,
                          boolean inputUnreadable) {
    public LoadedRules {
        programs = List.copyOf(programs);
        diagnostics = List.copyOf(diagnostics);
        sources = Map.copyOf(sources);
    }

    static LoadedRules of(String text, List<Program> programs) {
        return new LoadedRules(text, programs, List.of(), Map.of(), false);
    }

    static LoadedRules failed(String text, List<Diagnostic> diagnostics) {
        return new LoadedRules(text, List.of(), diagnostics, Map.of(), false);
    }

    static LoadedRules failed(String text, Diagnostic diagnostic) {
        return failed(text, List.of(diagnostic));
    }

    /** No diagnostics: the programs are the file's. */
    public boolean ok() {
        return diagnostics.isEmpty();
    }
}
