package dev.sluice.tests.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/TESTING.md builds examples/testing from an empty folder, file by file: each file it shows must
 * be the example's file as it is, which the build tests (maven-invoker-plugin, tests/pom.xml).
 */
class TestingGuideTest {
    private static final Path ROOT = Path.of("..");
    private static final Path EXAMPLE = ROOT.resolve("examples/testing");

    @Test
    void theGuideShowsTheExampleProjectsFilesAsTheyAre() throws Exception {
        String guide = Files.readString(ROOT.resolve("docs/TESTING.md"));
        for (String file : List.of("pom.xml", "src/main/java/dev/sluice/examples/Firewall.java",
                "src/test/java/dev/sluice/examples/FirewallTest.java", "src/test/resources/junit-platform.properties")) {
            String text = Files.readString(EXAMPLE.resolve(file));
            String shown = file.endsWith(".properties") ? text.lines().filter(l -> !l.startsWith("#")).findFirst().orElseThrow() : text;
            assertTrue(guide.contains(shown), "docs/TESTING.md does not show examples/testing/" + file + " as it is");
            if (!file.endsWith(".properties")) assertTrue(guide.contains("`" + file + "`") || file.equals("pom.xml"), file + " is not named");
        }
    }
}
