package dev.sluice.tests.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packages users program against carry a doc comment on every public type and member: every
 * package a library module exports to everyone (ModuleBoundaryTest lists them), whose javadoc jars
 * {@code mvn install} attaches.
 */
class PublicDocCommentsTest {
    private static final Path ROOT = Path.of("..");
    static final List<Path> API_PACKAGES = List.of(
            ROOT.resolve("dsl/src/main/java/dev/sluice/dsl"),
            ROOT.resolve("dsl/src/main/java/dev/sluice/dsl/model"),
            ROOT.resolve("grammar/src/main/java/dev/sluice/grammar"),
            ROOT.resolve("compiler/src/main/java/dev/sluice/compiler"),
            ROOT.resolve("compiler/src/main/java/dev/sluice/compiler/check"),
            ROOT.resolve("compiler/src/main/java/dev/sluice/compiler/elf"),
            ROOT.resolve("compiler/src/main/java/dev/sluice/compiler/hooks"),
            ROOT.resolve("compiler/src/main/java/dev/sluice/compiler/image"),
            ROOT.resolve("compiler/src/main/java/dev/sluice/compiler/interp"),
            ROOT.resolve("compiler/src/main/java/dev/sluice/compiler/isa"),
            ROOT.resolve("compiler/src/main/java/dev/sluice/compiler/maps"),
            ROOT.resolve("compiler/src/main/java/dev/sluice/compiler/trace"),
            ROOT.resolve("runtime/src/main/java/dev/sluice/runtime"),
            ROOT.resolve("runtime/src/main/java/dev/sluice/runtime/probe"),
            ROOT.resolve("testing/src/main/java/dev/sluice/testing"));

    @Test
    void everyPublicTypeAndMemberOfTheApiPackagesHasADocComment() throws Exception {
        for (Path dir : API_PACKAGES) assertTrue(Files.isDirectory(dir), dir + " is not a directory");
        List<String> missing = MissingDocComments.in(API_PACKAGES);
        assertEquals(List.of(), missing, missing.size() + " public declarations have no doc comment");
    }

    @Test
    void theCheckFindsUndocumentedDeclarationsAndAcceptsDocumentedOnes(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("Shape.java"), """
                package p;
                /** A shape. */
                public final class Shape {
                    public int sides;
                    /** Its area. */
                    public double area() { return 0; }
                    public Shape() { }
                    @Override public String toString() { return ""; }
                    void hidden() { }
                    public enum Kind { ROUND, /** Four sides. */ SQUARE }
                    private static final class Inside { public void notApi() { } }
                }
                interface Internal { void notApiEither(); }
                """);
        assertEquals(List.of(
                "Shape.java:4: field Shape.sides",
                "Shape.java:7: method Shape.<init>",
                "Shape.java:10: enum Kind",
                "Shape.java:10: field Kind.ROUND"), MissingDocComments.in(List.of(dir)));
    }
}
