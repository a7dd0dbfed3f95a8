package dev.sluice.runtime.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
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
 * The record of where jffi's library was unpacked for a class path ({@link JffiCopyRecord}): it is
 * believed while the class path's files and the copy are unchanged, and not once any of them
 * changes, for a class path with a folder, or for a copy outside the cache folder. No kernel.
 */
class JffiCopyRecordTest {
    private static final String ENTRY = "jni/x86_64-Linux/libjffi-1.2.so";
    private static final String NAME = "libjffi-1.2.so";

    @TempDir
    Path dir;

    private Path jar(Path jar, String content) throws Exception {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry(ENTRY));
            out.write(content.getBytes());
            out.closeEntry();
        }
        return jar;
    }

    /** What JffiLibrary does on a start without a record: the copy from the jar, then the record. */
    private Path unpackAndRemember(Path cache, Path jar, String classPath) throws Exception {
        Path copy = JffiLibrary.unpacked(new URL("jar:" + jar.toUri() + "!/" + ENTRY), Optional.of(cache)).orElseThrow();
        JffiCopyRecord.remember(cache, classPath, copy, NAME);
        return copy;
    }

    @Test
    void believedWhileNothingChanged() throws Exception {
        Path jar = jar(dir.resolve("app.jar"), "library bytes");
        Path other = jar(dir.resolve("other.jar"), "unrelated");
        Path cache = dir.resolve("cache");
        String classPath = jar + File.pathSeparator + other;
        Path copy = unpackAndRemember(cache, jar, classPath);
        assertEquals(Optional.of(copy), JffiCopyRecord.lookup(cache, classPath, NAME));
        assertEquals(Optional.empty(), JffiCopyRecord.lookup(cache, jar.toString(), NAME), "another class path has no record");
        String relative = Path.of("").toAbsolutePath().relativize(jar) + File.pathSeparator + other;
        assertEquals(Optional.of(copy), JffiCopyRecord.lookup(cache, relative, NAME), "the same files named relatively");
    }

    @Test
    void notBelievedOnceAClassPathFileChanges() throws Exception {
        Path jar = jar(dir.resolve("app.jar"), "library bytes");
        Path cache = dir.resolve("cache");
        unpackAndRemember(cache, jar, jar.toString());
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 1000));
        assertEquals(Optional.empty(), JffiCopyRecord.lookup(cache, jar.toString(), NAME), "a touched jar");
        unpackAndRemember(cache, jar, jar.toString());
        assertTrue(JffiCopyRecord.lookup(cache, jar.toString(), NAME).isPresent(), "written again, believed again");
        jar(jar, "a longer, different library");
        assertEquals(Optional.empty(), JffiCopyRecord.lookup(cache, jar.toString(), NAME), "a rewritten jar");
    }

    @Test
    void notBelievedOnceTheCopyChanges() throws Exception {
        Path jar = jar(dir.resolve("app.jar"), "library bytes");
        Path cache = dir.resolve("cache");
        Path copy = unpackAndRemember(cache, jar, jar.toString());
        Files.writeString(copy.resolve(NAME), "library byteZ");
        assertEquals(Optional.empty(), JffiCopyRecord.lookup(cache, jar.toString(), NAME), "same size, another CRC-32");
        Files.delete(copy.resolve(NAME));
        assertEquals(Optional.empty(), JffiCopyRecord.lookup(cache, jar.toString(), NAME), "gone");
    }

    @Test
    void neverForAFolderOnTheClassPathOrACopyOutsideTheCache() throws Exception {
        Path jar = jar(dir.resolve("app.jar"), "library bytes");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path cache = dir.resolve("cache");
        String withFolder = classes + File.pathSeparator + jar;
        unpackAndRemember(cache, jar, withFolder);
        assertEquals(Optional.empty(), JffiCopyRecord.lookup(cache, withFolder, NAME));
        Path beside = JffiLibrary.unpacked(new URL("jar:" + jar.toUri() + "!/" + ENTRY), Optional.empty()).orElseThrow();
        JffiCopyRecord.remember(cache, jar.toString(), beside, NAME);
        assertEquals(Optional.empty(), JffiCopyRecord.lookup(cache, jar.toString(), NAME), "a copy beside the jar is not recorded");
        assertEquals(Optional.empty(), JffiCopyRecord.lookup(cache, "", NAME));
    }
}
