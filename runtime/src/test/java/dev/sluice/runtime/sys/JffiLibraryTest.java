package dev.sluice.runtime.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jffi's native library unpacked once beside its jar ({@link JffiLibrary}): written on first use,
 * reused while it matches the jar entry, written again when it does not, jffi left to its own way
 * when it cannot be written, and the copy the one this JVM's jffi actually loaded. No kernel
 * needed; well under a second.
 */
class JffiLibraryTest {
    private static final String ENTRY = "jni/x86_64-Linux/libjffi-1.2.so";
    private static final byte[] CONTENT = "not really a shared object, but bytes to copy".getBytes();

    @TempDir
    Path dir;

    private URL jarWithLibrary(Path jar) throws Exception {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry(ENTRY));
            out.write(CONTENT);
            out.closeEntry();
        }
        return new URL("jar:" + jar.toUri() + "!/" + ENTRY);
    }

    @Test
    void unpacksOnceThenReusesTheCopy() throws Exception {
        URL url = jarWithLibrary(dir.resolve("app.jar"));
        Path first = JffiLibrary.unpacked(url).orElseThrow();
        Path library = first.resolve("libjffi-1.2.so");
        assertTrue(first.getFileName().toString().startsWith("app.jar.jffi-"), first.toString());
        assertArrayEquals(CONTENT, Files.readAllBytes(library));
        FileTime marked = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(library, marked);
        assertEquals(Optional.of(first), JffiLibrary.unpacked(url));
        assertEquals(marked, Files.getLastModifiedTime(library), "a matching copy is not written again");
        try (var files = Files.list(first)) {
            assertEquals(1, files.count(), "no partial file is left behind");
        }
    }

    @Test
    void aDamagedCopyIsWrittenAgain() throws Exception {
        URL url = jarWithLibrary(dir.resolve("app.jar"));
        Path library = JffiLibrary.unpacked(url).orElseThrow().resolve("libjffi-1.2.so");
        byte[] damaged = CONTENT.clone();
        damaged[3] ^= 1;
        Files.write(library, damaged);
        JffiLibrary.unpacked(url).orElseThrow();
        assertArrayEquals(CONTENT, Files.readAllBytes(library));
        Files.write(library, new byte[] {1, 2, 3});
        JffiLibrary.unpacked(url).orElseThrow();
        assertArrayEquals(CONTENT, Files.readAllBytes(library));
    }

    @Test
    void noCopyWhenItCannotBeWritten() throws Exception {
        URL url = jarWithLibrary(dir.resolve("app.jar"));
        Path where = JffiLibrary.unpacked(url).orElseThrow();
        try (var files = Files.list(where)) {
            for (Path f : files.toList()) Files.delete(f);
        }
        Files.delete(where);
        Files.writeString(where, "a file where the directory would go");
        assertEquals(Optional.empty(), JffiLibrary.unpacked(url));
    }

    @Test
    void notInAJarMeansNoCopy() throws Exception {
        Path loose = Files.write(dir.resolve("libjffi-1.2.so"), CONTENT);
        assertEquals(Optional.empty(), JffiLibrary.unpacked(loose.toUri().toURL()));
    }

    @Test
    void onlyLinuxOnKnownProcessors() {
        assertEquals(Optional.of("jni/x86_64-Linux/libjffi-1.2.so"), JffiLibrary.resourceName("Linux", "amd64"));
        assertEquals(Optional.of("jni/aarch64-Linux/libjffi-1.2.so"), JffiLibrary.resourceName("Linux", "aarch64"));
        assertEquals(Optional.empty(), JffiLibrary.resourceName("Linux", "riscv64"));
        assertEquals(Optional.empty(), JffiLibrary.resourceName("Mac OS X", "aarch64"));
    }

    /** The copy beside the jar is the library jffi mapped, not a temporary file of its own. */
    @Test
    void jffiLoadsTheUnpackedCopy() throws Exception {
        Native.libc().getpid();
        String bootPath = System.getProperty(JffiLibrary.BOOT_PATH);
        assertTrue(bootPath != null && bootPath.contains(".jffi-"), "boot path: " + bootPath);
        String mapped = Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .filter(line -> line.contains("jffi")).map(line -> line.substring(line.indexOf('/')))
                .findFirst().orElseThrow(() -> new AssertionError("no jffi library is mapped"));
        assertEquals(Path.of(bootPath, "libjffi-1.2.so").toString(), mapped);
    }
}
