package dev.sluice.tests.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.grammar.Scripts;
import dev.sluice.runtime.Kernel;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The grammar, the compiler and the runtime work on the rule model ({@code dev.sluice.dsl.model}),
 * literals and diagnostics included; none of their classes names a type of the fluent Java DSL
 * ({@code dev.sluice.dsl}), which is for users' rules only.
 */
class FluentDslUsersTest {
    private static final Pattern FLUENT_TYPE = Pattern.compile("dev/sluice/dsl/([A-Z][A-Za-z0-9_$]*)");

    @Test
    void grammarCompilerAndRuntimeUseTheModelOnly() throws IOException, URISyntaxException {
        List<String> references = new ArrayList<>();
        int classes = 0;
        for (Class<?> anchor : List.of(Scripts.class, SluiceCompiler.class, Kernel.class)) {
            Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(root)) {
                classes += scan(root, references);
            } else {
                try (FileSystem jar = FileSystems.newFileSystem(root, Map.of())) {
                    classes += scan(jar.getPath("/"), references);
                }
            }
        }
        assertTrue(classes > 100, "found only " + classes + " classes");
        assertEquals(List.of(), references);
    }

    private static int scan(Path root, List<String> references) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> classes = files.filter(f -> f.toString().endsWith(".class")).toList();
            for (Path file : classes) {
                Matcher m = FLUENT_TYPE.matcher(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
                while (m.find()) references.add(root.relativize(file) + " -> " + m.group(1));
            }
            return classes.size();
        }
    }
}
