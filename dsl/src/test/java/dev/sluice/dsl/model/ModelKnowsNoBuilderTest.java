package dev.sluice.dsl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rule model sits below the fluent DSL: no class of {@code dev.sluice.dsl.model} names a type of
 * {@code dev.sluice.dsl} (the builder), in a signature, a field or its code.
 */
class ModelKnowsNoBuilderTest {
    /** A class name of the fluent package as the class file's constant pool holds it. */
    private static final Pattern FLUENT_TYPE = Pattern.compile("dev/sluice/dsl/([A-Z][A-Za-z0-9_$]*)");

    @Test
    void noModelClassRefersToTheFluentPackage() throws IOException, URISyntaxException {
        Path folder = Path.of(Program.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve("dev/sluice/dsl/model");
        List<String> references = new ArrayList<>();
        int classes = 0;
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                classes++;
                Matcher m = FLUENT_TYPE.matcher(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
                while (m.find()) references.add(file.getFileName() + " -> " + m.group(1));
            }
        }
        assertTrue(classes >= 10, "found only " + classes + " model classes in " + folder);
        assertEquals(List.of(), references);
    }
}
