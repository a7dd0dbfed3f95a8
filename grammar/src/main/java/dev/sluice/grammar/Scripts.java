package dev.sluice.grammar;

import dev.sluice.dsl.model.Diagnostic;
import dev.sluice.dsl.model.Script;
import dev.sluice.dsl.model.SourceLocation;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The entry point from {@code .ebpf} text to the rule model. A user's mistakes come back as
 * diagnostics, never as exceptions: syntax errors and literal errors together, at most
 * {@link ScriptParser#MAX_ERRORS} in one run.
 */
public final class Scripts {
    private Scripts() {}

    /**
     * The outcome of parsing. {@code script} is present exactly when there are no diagnostics;
     * {@code sources} holds every file's text by the name its diagnostics carry (the script and the
     * set files read), so that {@link #render()} can quote the offending lines.
     */
    public record Result(Optional<Script> script, List<Diagnostic> diagnostics, Map<String, String> sources) {
        /** Copies the diagnostics and sources. */
        public Result {
            diagnostics = List.copyOf(diagnostics);
            sources = Map.copyOf(sources);
        }

        /** Whether the parse found no errors, so {@code script} is present. */
        public boolean ok() {
            return diagnostics.isEmpty();
        }

        /** Every diagnostic as {@code file:line:col: message}, the source line and a caret. */
        public String render() {
            StringBuilder out = new StringBuilder();
            for (Diagnostic d : diagnostics) out.append(d.render(Optional.of(sources.getOrDefault(d.location().file(), ""))));
            return out.toString();
        }
    }

    /** Parses a script file; set files are looked up beside it. */
    public static Result parse(Path file) {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return unreadable(name, "cannot read " + name + ": it does not exist");
        } catch (CharacterCodingException e) {
            return unreadable(name, "cannot read " + name + ": it is not UTF-8 text");
        } catch (IOException e) {
            return unreadable(name, "cannot read " + name + ": " + Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName()));
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(text, name, dir == null ? Path.of("") : dir);
    }

    /** Parses {@code text}, named {@code fileName} in diagnostics; set file paths are relative to {@code baseDir}. */
    public static Result parse(String text, String fileName, Path baseDir) {
        ScriptParser.Result syntax = ScriptParser.parse(text, fileName);
        Problems problems = new Problems(fileName, ScriptParser.MAX_ERRORS - syntax.errors().size());
        EbpfModelBuilder builder = new EbpfModelBuilder(fileName, baseDir, problems, !syntax.errors().isEmpty());
        Script script = builder.script(syntax.tree());
        List<Diagnostic> all = new ArrayList<>(syntax.errors());
        all.addAll(problems.list());
        Map<String, String> sources = new LinkedHashMap<>(builder.setFileTexts());
        sources.put(fileName, text);
        return new Result(all.isEmpty() ? Optional.of(script) : Optional.empty(), all, sources);
    }

    private static Result unreadable(String name, String message) {
        return new Result(Optional.empty(), List.of(Diagnostic.error(new SourceLocation(name, 1, 1), 1, message)), Map.of());
    }
}
