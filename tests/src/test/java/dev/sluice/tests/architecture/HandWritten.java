package dev.sluice.tests.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Classes compiled from a source file under a module's {@code src/main/java}, as opposed to those
 * generated into {@code target/} (the ANTLR parser, lexer and visitors of the grammar module),
 * whose import circles are the generator's and nobody's to remove.
 */
final class HandWritten extends DescribedPredicate<JavaClass> {
    private final Set<String> sources;

    private HandWritten(Set<String> sources) {
        super("are compiled from a hand-written source file");
        this.sources = sources;
    }

    /** {@code root}: the repository, whose modules each may have {@code src/main/java}. */
    static HandWritten under(Path root) {
        try (Stream<Path> modules = Files.list(root)) {
            Set<String> sources = modules.map(module -> module.resolve("src/main/java"))
                    .filter(Files::isDirectory)
                    .flatMap(HandWritten::javaFiles)
                    .collect(Collectors.toSet());
            return new HandWritten(sources);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<String> javaFiles(Path sourceRoot) {
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .map(file -> sourceRoot.relativize(file).toString().replace('\\', '/'))
                    .collect(Collectors.toList()).stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int size() {
        return sources.size();
    }

    @Override
    public boolean test(JavaClass javaClass) {
        String file = javaClass.getSource().flatMap(Source::getFileName).orElse("");
        String directory = javaClass.getPackageName().replace('.', '/');
        return sources.contains(directory.isEmpty() ? file : directory + "/" + file);
    }
}
