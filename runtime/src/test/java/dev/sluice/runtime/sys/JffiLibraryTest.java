package dev.sluice.runtime.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jffi's native library unpacked once ({@link JffiLibrary}): into the user's cache folder, or beside
 * its jar where that folder cannot be used; written on first use, reused while it matches the jar
 * entry, written again when it does not, jffi left to its own way when no copy can be written, and
 * the copy the one this JVM's jffi actually loaded. No kernel needed; well under a second.
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
    void unpacksOnceIntoTheCacheThenReusesTheCopy() throws Exception {
        URL url = jarWithLibrary(dir.resolve("app.jar"));
        Path cache = dir.resolve("home/.cache/sluice");
        Path first = JffiLibrary.unpacked(url, Optional.of(cache)).orElseThrow();
        Path library = first.resolve("libjffi-1.2.so");
        assertEquals(cache, first.getParent());
        assertTrue(first.getFileName().toString().startsWith("jffi-"), first.toString());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(first)));
        assertArrayEquals(CONTENT, Files.readAllBytes(library));
        FileTime marked = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(library, marked);
        assertEquals(Optional.of(first), JffiLibrary.unpacked(url, Optional.of(cache)));
        assertEquals(marked, Files.getLastModifiedTime(library), "a matching copy is not written again");
        try (var files = Files.list(first)) {
            assertEquals(1, files.count(), "no partial file is left behind");
        }
        assertFalse(Files.exists(dir.resolve("app.jar.jffi-" + first.getFileName().toString().substring(5))), "nothing beside the jar");
    }

    @Test
    void besideTheJarWithoutACacheFolder() throws Exception {
        URL url = jarWithLibrary(dir.resolve("app.jar"));
        Path where = JffiLibrary.unpacked(url, Optional.empty()).orElseThrow();
        assertEquals(dir, where.getParent());
        assertTrue(where.getFileName().toString().startsWith("app.jar.jffi-"), where.toString());
        assertArrayEquals(CONTENT, Files.readAllBytes(where.resolve("libjffi-1.2.so")));
    }

    /** A folder others may write to could hand this process a library of theirs: the copy goes beside the jar instead. */
    @Test
    void besideTheJarWhenTheCacheIsOpenToOthers() throws Exception {
        URL url = jarWithLibrary(dir.resolve("app.jar"));
        Path cache = Files.createDirectories(dir.resolve("shared/sluice"));
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path where = JffiLibrary.unpacked(url, Optional.of(cache)).orElseThrow();
        assertTrue(where.getFileName().toString().startsWith("app.jar.jffi-"), where.toString());
    }

    @Test
    void besideTheJarWhenTheCacheCannotBeWritten() throws Exception {
        URL url = jarWithLibrary(dir.resolve("app.jar"));
        Path cache = Files.writeString(dir.resolve("cache"), "a file where the cache folder would go");
        Path where = JffiLibrary.unpacked(url, Optional.of(cache)).orElseThrow();
        assertTrue(where.getFileName().toString().startsWith("app.jar.jffi-"), where.toString());
    }

    @Test
    void aDamagedCopyIsWrittenAgain() throws Exception {
        URL url = jarWithLibrary(dir.resolve("app.jar"));
        Optional<Path> cache = Optional.of(dir.resolve("cache"));
        Path library = JffiLibrary.unpacked(url, cache).orElseThrow().resolve("libjffi-1.2.so");
        byte[] damaged = CONTENT.clone();
        damaged[3] ^= 1;
        Files.write(library, damaged);
        JffiLibrary.unpacked(url, cache).orElseThrow();
        assertArrayEquals(CONTENT, Files.readAllBytes(library));
        Files.write(library, new byte[] {1, 2, 3});
        JffiLibrary.unpacked(url, cache).orElseThrow();
        assertArrayEquals(CONTENT, Files.readAllBytes(library));
    }

    @Test
    void noCopyWhenItCannotBeWritten() throws Exception {
        URL url = jarWithLibrary(dir.resolve("app.jar"));
        Path where = JffiLibrary.unpacked(url, Optional.empty()).orElseThrow();
        try (var files = Files.list(where)) {
            for (Path f : files.toList()) Files.delete(f);
        }
        Files.delete(where);
        Files.writeString(where, "a file where the directory would go");
        Path cache = Files.writeString(dir.resolve("cache"), "a file where the cache folder would go");
        assertEquals(Optional.empty(), JffiLibrary.unpacked(url, Optional.of(cache)));
    }

    @Test
    void theCacheFolderFollowsXdg() {
        assertEquals(Optional.of(Path.of("/x/cache/sluice")), JffiLibrary.userCache("/x/cache", "/home/u"));
        assertEquals(Optional.of(Path.of("/home/u/.cache/sluice")), JffiLibrary.userCache(null, "/home/u"));
        assertEquals(Optional.of(Path.of("/home/u/.cache/sluice")), JffiLibrary.userCache("", "/home/u"));
        assertEquals(Optional.of(Path.of("/home/u/.cache/sluice")), JffiLibrary.userCache("relative/cache", "/home/u"),
                "a relative XDG_CACHE_HOME is ignored, as the specification says");
        assertEquals(Optional.empty(), JffiLibrary.userCache(null, "?"));
    }

    @Test
    void notInAJarMeansNoCopy() throws Exception {
        Path loose = Files.write(dir.resolve("libjffi-1.2.so"), CONTENT);
        assertEquals(Optional.empty(), JffiLibrary.unpacked(loose.toUri().toURL(), Optional.of(dir.resolve("cache"))));
    }

    @Test
    void onlyLinuxOnKnownProcessors() {
        assertEquals(Optional.of("jni/x86_64-Linux/libjffi-1.2.so"), JffiLibrary.resourceName("Linux", "amd64"));
        assertEquals(Optional.of("jni/aarch64-Linux/libjffi-1.2.so"), JffiLibrary.resourceName("Linux", "aarch64"));
        assertEquals(Optional.empty(), JffiLibrary.resourceName("Linux", "riscv64"));
        assertEquals(Optional.empty(), JffiLibrary.resourceName("Mac OS X", "aarch64"));
    }

    /** The unpacked copy is the library jffi mapped, not a temporary file of its own. */
    @Test
    void jffiLoadsTheUnpackedCopy() throws Exception {
        Native.libc().getpid();
        String bootPath = System.getProperty(JffiLibrary.BOOT_PATH);
        assertTrue(bootPath != null && bootPath.contains("jffi-"), "boot path: " + bootPath);
        String mapped = Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .filter(line -> line.contains("jffi")).map(line -> line.substring(line.indexOf('/')))
                .findFirst().orElseThrow(() -> new AssertionError("no jffi library is mapped"));
        assertEquals(Path.of(bootPath, "libjffi-1.2.so").toString(), mapped);
    }
}
