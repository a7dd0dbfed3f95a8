package dev.sluice.cli.rules;

import dev.sluice.compiler.check.CompileException;
import dev.sluice.compiler.check.Diagnostic;
import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.SourceLocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A rules file, {@code .ebpf} or {@code .java}, read into programs of the rule model. */
public final class RuleSource {
    private RuleSource() {}

    /**
     * The programs of a file, or the problems that stop it; {@code text} is the file's text and
     * {@code sources} the text of every file read (the script's set files too), by the name
     * problems give, for quoting lines. {@code inputUnreadable}: a file the rules name (a set file)
     * could not be read, which docs/CLI.md counts as bad input (exit 4) rather than a script error.
     */
    public record Loaded(String text, List<Program> programs, List<Problem> problems, Map<String, String> sources,
                         boolean inputUnreadable) {
        public Loaded {
            programs = List.copyOf(programs);
            problems = List.copyOf(problems);
            sources = Map.copyOf(sources);
        }

        static Loaded of(String text, List<Program> programs) {
            return new Loaded(text, programs, List.of(), Map.of(), false);
        }

        static Loaded failed(String text, List<Problem> problems) {
            return new Loaded(text, List.of(), problems, Map.of(), false);
        }

        static Loaded failed(String text, Problem problem) {
            return failed(text, List.of(problem));
        }

        public boolean ok() {
            return problems.isEmpty();
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

    /** A compiler diagnostic as a problem of this file (its column underlines one character). */
    public static Problem problem(Diagnostic d) {
        SourceLocation at = d.location();
        return new Problem(at.file(), at.line(), at.column(), 1, d.message(), d.severity() == Diagnostic.Severity.WARNING);
    }

    public static List<Problem> problems(CompileException e) {
        List<Problem> out = new ArrayList<>();
        for (Diagnostic d : e.diagnostics()) out.add(problem(d));
        return out;
    }
}
