package dev.sluice.grammar;

import dev.sluice.dsl.model.Literals;
import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.SourceLocation;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Members of {@code set NAME = file "PATH"}: one address, CIDR or MAC a line, {@code #} comments and
 * blank lines allowed. The path is relative to the script's directory (docs/LANGUAGE.md, "Names and files").
 */
final class SetFiles {
    /** What a set file gave: its members, the name diagnostics use for it and its text for carets. */
    record Contents(List<Expr> members, String displayName, String text) {}

    /** Why a set file could not be read, in a user's words. */
    static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    private SetFiles() {}

    /**
     * Reads and parses the file; bad lines go to {@code problems} with the set file's name, line and
     * column. {@code scriptFile} is the script's name as given, so a set file's name in a message is
     * the one a user would type next to it.
     */
    static Contents read(String path, Path baseDir, String scriptFile, Problems problems) throws Unreadable {
        Path resolved;
        try {
            resolved = baseDir.resolve(path);
        } catch (InvalidPathException e) {
            throw new Unreadable("cannot read set file \"" + path + "\": " + e.getReason());
        }
        String text;
        try {
            text = Files.readString(resolved, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new Unreadable("cannot read set file \"" + path + "\": " + resolved + " does not exist");
        } catch (AccessDeniedException e) {
            throw new Unreadable("cannot read set file \"" + path + "\": permission denied on " + resolved);
        } catch (CharacterCodingException e) {
            throw new Unreadable("cannot read set file \"" + path + "\": " + resolved + " is not UTF-8 text");
        } catch (IOException e) {
            String why = Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName());
            throw new Unreadable("cannot read set file \"" + path + "\": " + why);
        }
        String name = displayName(path, scriptFile);
        return new Contents(members(text, name, problems), name, text);
    }

    static List<Expr> members(String text, String name, Problems problems) {
        List<Expr> members = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            String content = hash >= 0 ? line.substring(0, hash) : line;
            String[] words = content.trim().isEmpty() ? new String[0] : content.trim().split("[ \t]+");
            if (words.length == 0) continue;
            int column = content.indexOf(words[0]) + 1;
            SourceLocation at = new SourceLocation(name, i + 1, column);
            if (words.length > 1) {
                SourceLocation extra = new SourceLocation(name, i + 1, content.indexOf(words[1], column - 1 + words[0].length()) + 1);
                problems.at(extra, words[1].length(), "one address or CIDR a line; found '" + words[1] + "' after '" + words[0] + "'");
                continue;
            }
            member(words[0], at, problems).ifPresent(members::add);
        }
        return members;
    }

    private static Optional<Expr> member(String word, SourceLocation at, Problems problems) {
        try {
            Expr e = Literals.parse(word, at);
            if (e instanceof Expr.IntLiteral) {
                problems.at(at, word.length(), "expected an address or CIDR (192.0.2.1, 10.0.0.0/8, 2001:db8::/32), found '" + word + "'");
                return Optional.empty();
            }
            return Optional.of(e);
        } catch (IllegalArgumentException e) {
            problems.at(at, word.length(), e.getMessage());
            return Optional.empty();
        }
    }

    /** The set file's name beside the script's: {@code rules/fw.ebpf} and {@code blocked.txt} give {@code rules/blocked.txt}. */
    static String displayName(String path, String scriptFile) {
        try {
            Path p = Path.of(path);
            if (p.isAbsolute()) return path;
            Path parent = Path.of(scriptFile).getParent();
            return parent == null ? path : parent.resolve(p).toString();
        } catch (InvalidPathException e) {
            return path;
        }
    }
}
