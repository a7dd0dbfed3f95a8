package dev.sluice.runtime.sys;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;

/**
 * jffi's native library, unpacked once and handed to jffi through {@code jffi.boot.library.path}.
 * Left to itself, jffi unpacks the library into a new temporary file on every start, which
 * initializes {@code SecureRandom} and a SHA-256 digest on the way: 30-40 ms and 160 classes of
 * every process's first {@code bpf()} (docs/PERFORMANCE-TRACE.md, "Issue 18, target 5: process start to
 * the first counted event").
 *
 * <p>The copy goes to the user's cache folder ({@code $XDG_CACHE_HOME/sluice}, else
 * {@code ~/.cache/sluice}) as {@code jffi-CRC/}, keyed by the jar entry's CRC-32; where that folder
 * cannot be used (not writable, or not the user's own and closed to others), beside the jar as
 * {@code JAR.jffi-CRC/}, as before; where neither can, jffi is left to its own way. Every start
 * checks the copy against the entry's size and CRC-32 and writes it again if it differs; a start
 * whose class path has not changed since the last checks it against the size and CRC-32 remembered
 * then ({@link JffiCopyRecord}), without opening the jar.
 */
final class JffiLibrary {
    static final String BOOT_PATH = "jffi.boot.library.path";

    private JffiLibrary() {}

    /** Points jffi at the unpacked copy unless the boot path was given or no copy can be had. */
    static void useUnpackedCopy() {
        if (System.getProperty(BOOT_PATH) != null) return;
        Optional<String> resource = resourceName(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
        if (resource.isEmpty()) return;
        Optional<Path> cache = userCache(System.getenv("XDG_CACHE_HOME"), System.getProperty("user.home"));
        String name = resource.get().substring(resource.get().lastIndexOf('/') + 1);
        String classPath = System.getProperty("java.class.path");
        // The copy the last start with this class path used, when nothing it depends on changed: the
        // lookup below opens the jar (JffiCopyRecord).
        Optional<Path> remembered = cache.isPresent() ? JffiCopyRecord.lookup(cache.get(), classPath, name) : Optional.empty();
        if (remembered.isPresent()) {
            System.setProperty(BOOT_PATH, remembered.get().toString());
            return;
        }
        URL url = JffiLibrary.class.getClassLoader().getResource(resource.get());
        if (url == null) return;
        Optional<Path> dir = unpacked(url, cache);
        if (dir.isEmpty()) return;
        System.setProperty(BOOT_PATH, dir.get().toString());
        // Only a copy the class path's own loader found here is remembered for it.
        if (cache.isPresent()) JffiCopyRecord.remember(cache.get(), classPath, dir.get(), name);
    }

    /**
     * Where jffi 1.x keeps its library for this platform inside its jar, as its {@code StubLoader}
     * looks for it; empty on platforms this runtime does not run on (it needs Linux).
     */
    static Optional<String> resourceName(String osName, String osArch) {
        if (!osName.equals("Linux")) return Optional.empty();
        String cpu = switch (osArch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64" -> "aarch64";
            default -> null;
        };
        if (cpu == null) return Optional.empty();
        String library = System.mapLibraryName("jffi-" + com.kenai.jffi.Version.MAJOR + "." + com.kenai.jffi.Version.MINOR);
        return Optional.of("jni/" + cpu + "-Linux/" + library);
    }

    /**
     * Sluice's folder in the user's cache, as the XDG base directory specification places it:
     * {@code XDG_CACHE_HOME/sluice} when that is an absolute path, else {@code HOME/.cache/sluice}.
     */
    static Optional<Path> userCache(String xdgCacheHome, String home) {
        if (xdgCacheHome != null && !xdgCacheHome.isEmpty() && Path.of(xdgCacheHome).isAbsolute()) {
            return Optional.of(Path.of(xdgCacheHome, "sluice"));
        }
        if (home == null || home.isEmpty() || !Path.of(home).isAbsolute()) return Optional.empty();
        return Optional.of(Path.of(home, ".cache", "sluice"));
    }

    /**
     * The directory holding a verified copy of the jar entry {@code url} names, written there first
     * if missing or different: {@code CACHE/jffi-CRC/NAME}, else {@code JAR.jffi-CRC/NAME} beside
     * the jar. Empty when {@code url} is not in a local jar or no copy can be written.
     */
    static Optional<Path> unpacked(URL url, Optional<Path> cache) {
        try {
            URLConnection connection = url.openConnection();
            if (!(connection instanceof JarURLConnection jar) || !jar.getJarFileURL().getProtocol().equals("file")) return Optional.empty();
            JarEntry entry = jar.getJarEntry();
            if (entry.getSize() < 0 || entry.getCrc() < 0) return Optional.empty();
            Path jarFile = Path.of(jar.getJarFileURL().toURI());
            String name = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
            String crc = Long.toHexString(entry.getCrc());
            List<Path> places = new ArrayList<>(2);
            cache.ifPresent(c -> places.add(c.resolve("jffi-" + crc)));
            places.add(jarFile.resolveSibling(jarFile.getFileName() + ".jffi-" + crc));
            for (Path dir : places) {
                if (copied(dir, name, jar, entry, dir.equals(places.get(places.size() - 1)))) return Optional.of(dir);
            }
            return Optional.empty();
        } catch (IOException | URISyntaxException | IllegalArgumentException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether {@code dir/name} holds the entry now, written if it did not. A cache folder must be
     * this user's and closed to others' writes (a library loaded from it runs in this process); the
     * folder beside the jar is trusted as far as the jar is.
     */
    private static boolean copied(Path dir, String name, JarURLConnection jar, JarEntry entry, boolean besideJar) {
        try {
            Path library = dir.resolve(name);
            if (!besideJar) {
                if (!Files.isDirectory(dir)) {
                    // Made only under a folder of this user's: root with another user's HOME must
                    // not leave root's folders in that user's cache.
                    Path existing = dir.getParent();
                    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) existing = existing.getParent();
                    if (existing == null || OwnFolder.uid(existing) != OwnFolder.uid(Path.of("/proc/self"))) return false;
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                }
                if (!OwnFolder.ownAndClosed(dir) || !OwnFolder.ownAndClosed(dir.getParent())) return false;
            }
            if (matches(library, entry)) return true;
            Files.createDirectories(dir);
            // Written under a name of this process's own, then renamed over: a process starting at
            // the same time sees the old file or the whole new one, never half of it.
            Path partial = dir.resolve(name + "." + Long.toHexString(System.nanoTime()) + ".part");
            try (InputStream in = jar.getJarFile().getInputStream(entry)) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, library, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
            return matches(library, entry);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return false;
        }
    }

    private static boolean matches(Path library, JarEntry entry) throws IOException {
        if (!Files.isRegularFile(library) || Files.size(library) != entry.getSize()) return false;
        CRC32 crc = new CRC32();
        crc.update(Files.readAllBytes(library));
        return crc.getValue() == entry.getCrc();
    }
}
