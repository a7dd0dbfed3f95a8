package dev.sluice.tests.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.Priority;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * No hand-written main source file (every file under a module's {@code src/main}: Java, ANTLR
 * grammars, resources) is longer than the limit. Generated sources live under {@code target/} and
 * are not looked at; {@code cli-picocli} has no sources of its own (it compiles picocli's published
 * ones). An {@link ArchRule} over files rather than classes, so that it can be frozen like the others.
 * The count is written as {@code (lines:N)}, which ArchUnit's line matcher ignores: a frozen file
 * that shrinks but is still too long stays the same known violation.
 */
record SourceFileLengthRule(Path root, int limit, String description) implements ArchRule {
    static SourceFileLengthRule of(Path root, int limit) {
        return new SourceFileLengthRule(root, limit, "no hand-written main source file is longer than " + limit + " lines");
    }

    @Override
    public void check(JavaClasses classes) {
        Assertions.check(this, classes);
    }

    @Override
    public EvaluationResult evaluate(JavaClasses classes) {
        ConditionEvents events = ConditionEvents.Factory.create();
        for (Path file : mainSourceFiles()) {
            long lines = lineCount(file);
            if (lines > limit) {
                String name = root.relativize(file).toString().replace('\\', '/');
                events.add(SimpleConditionEvent.violated(file, name + " is longer than " + limit + " lines (lines:" + lines + ")"));
            }
        }
        return new EvaluationResult(this, events, Priority.MEDIUM);
    }

    List<Path> mainSourceFiles() {
        try (Stream<Path> modules = Files.list(root)) {
            return modules.filter(module -> !module.getFileName().toString().equals("cli-picocli"))
                    .map(module -> module.resolve("src/main"))
                    .filter(Files::isDirectory)
                    .flatMap(SourceFileLengthRule::filesUnder)
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<Path> filesUnder(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).collect(Collectors.toList()).stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines as {@code wc -l} counts them, plus an unterminated last line; any encoding. */
    private static long lineCount(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            long lines = 0;
            for (byte b : bytes) if (b == '\n') lines++;
            return bytes.length > 0 && bytes[bytes.length - 1] != '\n' ? lines + 1 : lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public ArchRule because(String reason) {
        return new SourceFileLengthRule(root, limit, description + ", because " + reason);
    }

    @Override
    public ArchRule allowEmptyShould(boolean allowEmptyShould) {
        return this;
    }

    @Override
    public ArchRule as(String newDescription) {
        return new SourceFileLengthRule(root, limit, newDescription);
    }

    @Override
    public String getDescription() {
        return description;
    }
}
