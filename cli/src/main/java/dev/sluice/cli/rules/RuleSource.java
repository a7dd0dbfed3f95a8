package dev.sluice.cli.rules;

import dev.sluice.dsl.model.Diagnostic;
import dev.sluice.dsl.model.Program;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A rules file, {@code .ebpf} or {@code .java}, read into programs of the rule model. */
public final class RuleSource {
    private RuleSource() {}

    /**
     * The programs of a file, or the diagnostics that stop it; {@code text} is the file's text and
     * {@code sources} the text of every file read (the script's set files too), by the name
     * diagnostics give, for quoting lines. {@code inputUnreadable}: a file the rules name (a set file)
     * could not be read, which docs/CLI.md counts as bad input (exit 4) rather than a script error.
     */
    public record Loaded(String text, List<Program> programs, List<Diagnostic> diagnostics, Map<String, String> sources,
                         boolean inputUnreadable) {
        public Loaded {
            programs = List.copyOf(programs);
            diagnostics = List.copyOf(diagnostics);
            sources = Map.copyOf(sources);
        }

        static Loaded of(String text, List<Program> programs) {
            return new Loaded(text, programs, List.of(), Map.of(), false);
        }

        static Loaded failed(String text, List<Diagnostic> diagnostics) {
            return new Loaded(text, List.of(), diagnostics, Map.of(), false);
        }

        static Loaded failed(String text, Diagnostic diagnostic) {
            return failed(text, List.of(diagnostic));
        }

        public boolean ok() {
            return diagnostics.isEmpty();
        }
    }

    /** Thrown when the file cannot be read at all (exit 4), as opposed to having errors (exit 1). */
    public static final class Unreadable extends Exception {
        public Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    public static Loaded load(Path file) throws Unreadable {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new Unreadable(file + ": not a text file (invalid UTF-8)");
        } catch (IOException e) {
            throw new Unreadable(file + ": cannot read: " + describe(e));
        }
        String name = file.getFileName().toString();
        if (name.endsWith(".java")) return JavaRules.load(file, text);
        if (name.endsWith(".ebpf")) return ScriptRules.load(file, text);
        throw new Unreadable(file + ": rules files end in .ebpf or .java");
    }

    static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file";
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
