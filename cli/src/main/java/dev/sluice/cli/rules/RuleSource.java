package dev.sluice.cli.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A rules file, {@code .ebpf} or {@code .java}, read into programs of the rule model. */
public final class RuleSource {
    private RuleSource() {}

    /** Thrown when the file cannot be read at all (exit 4), as opposed to having errors (exit 1). */
    public static final class Unreadable extends Exception {
        public Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    /** The file's programs or diagnostics, read by the reader its extension names. */
    public static LoadedRules load(Path file) throws Unreadable {
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
