package dev.sluice.tests.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The command line's shaded jar, {@code cli/target/sluice.jar}: picocli relocated under
 * {@code dev.sluice.shaded.picocli} with its licence and a NOTICE, and the system properties it reads
 * still under their own names. The jar is made in the cli module's {@code package} phase, which the
 * reactor runs before this module's tests (this module depends on the cli).
 */
class ShadedJarTest {
    private static final Path JAR = Path.of("../cli/target/sluice.jar").toAbsolutePath().normalize();

    @BeforeAll
    static void theJarIsBuilt() {
        assertTrue(Files.isRegularFile(JAR), JAR + " is missing: build it with mvn package (or verify) -pl cli -am");
    }

    @Test
    void picocliIsRelocatedUnderOurPackage() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> unrelocated = jar.stream().map(ZipEntry::getName)
                    .filter(name -> name.startsWith("picocli/")).collect(Collectors.toList());
            assertEquals(List.of(), unrelocated, "entries left in picocli's own package");
            assertNotNull(jar.getEntry("dev/sluice/shaded/picocli/CommandLine.class"), "relocated picocli is missing");
            long relocated = jar.stream().filter(e -> e.getName().startsWith("dev/sluice/shaded/picocli/")).count();
            assertTrue(relocated > 200, "only " + relocated + " relocated picocli entries");
        }
    }

    @Test
    void metaInfCarriesPicocliLicenceAndNotice() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            String licence = text(jar, "META-INF/picocli/LICENSE");
            assertTrue(licence.contains("Apache License") && licence.contains("Version 2.0, January 2004")
                    && licence.contains("TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION"), "not the Apache-2.0 text");
            String notice = text(jar, "META-INF/picocli/NOTICE");
            assertTrue(notice.contains("picocli 4.7.6") && notice.contains("Remko Popma")
                    && notice.contains("Apache License, Version 2.0") && notice.contains("dev.sluice.shaded.picocli"), notice);
        }
    }

    /**
     * Shade also rewrites string constants that look like names in the relocated package; the
     * system property names must survive it: the user's {@code -Dpicocli.trace} turns on picocli's
     * tracing, and it shows the converters excluded by the property that {@code Main} sets.
     */
    @Test
    void picocliStillReadsItsSystemPropertiesByTheirNames() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-Dpicocli.trace=DEBUG", "-jar", JAR.toString(), "--version")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "sluice --version did not finish");
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("[picocli DEBUG]"), "no picocli trace for -Dpicocli.trace=DEBUG:\n" + output);
        assertTrue(output.contains("is not loaded: (picocli.converters.excludes=java\\.time\\..*|java\\.sql\\..*)"),
                "Main's picocli.converters.excludes did not reach picocli:\n" + output);
        assertTrue(output.matches("(?s).*\\bsluice \\S+ \\(commit .*"), "no version line:\n" + output);
    }

    /**
     * Every third-party artifact whose classes the jar carries is listed with its licence: those that
     * leave their pom.properties in the jar, and jqwik, JUnit and ASM, which do not.
     */
    @Test
    void thirdPartyListNamesEveryBundledArtifactWithItsLicence() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            String list = text(jar, "META-INF/THIRD-PARTY.txt");
            List<String> bundled = jar.stream().map(ZipEntry::getName)
                    .filter(name -> name.startsWith("META-INF/maven/") && name.endsWith("/pom.properties"))
                    .map(name -> name.split("/"))
                    .filter(parts -> !parts[2].equals("dev.sluice"))
                    .map(parts -> parts[2] + ":" + parts[3] + ":")
                    .collect(Collectors.toCollection(ArrayList::new));
            assertTrue(bundled.size() > 10, "only " + bundled + " carry pom.properties");
            for (String artifact : List.of("net.jqwik:jqwik-engine:", "org.junit.platform:junit-platform-engine:",
                    "org.ow2.asm:asm:")) {
                bundled.add(artifact);
            }
            List<String> missing = bundled.stream().filter(artifact -> !list.contains("(" + artifact))
                    .collect(Collectors.toList());
            assertEquals(List.of(), missing, "bundled but not in META-INF/THIRD-PARTY.txt");
            assertTrue(list.lines().filter(line -> line.contains("(" + "net.jqwik:jqwik-engine:"))
                    .allMatch(line -> line.contains("Eclipse Public License")), list);
            assertTrue(!list.contains("Unknown license"), "an artifact without a licence:\n" + list);
        }
    }

    private static String text(JarFile jar, String name) throws IOException {
        ZipEntry entry = jar.getEntry(name);
        assertNotNull(entry, name + " is not in the jar");
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
