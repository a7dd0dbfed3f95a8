package dev.sluice.runtime.sys;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;

/**
 * jffi's native library, unpacked once beside the jar that holds it and handed to jffi through
 * {@code jffi.boot.library.path}. Left to itself, jffi unpacks the library into a new temporary
 * file on every start, which initializes {@code SecureRandom} and a SHA-256 digest on the way:
 * 30-40 ms and 160 classes of every process's first {@code bpf()} (docs/PERFORMANCE.md, "Start-up").
 * The copy is trusted as far as the jar is (same directory) and checked against the jar entry's
 * CRC-32 on every start; when it cannot be made or read, jffi is left to its own way.
 */
final class JffiLibrary {
    static final String BOOT_PATH = "jffi.boot.library.path";

    private JffiLibrary() {}

    /** Points jffi at the unpacked copy unless the boot path was given or no copy can be had. */
    static void useUnpackedCopy() {
        if (System.getProperty(BOOT_PATH) != null) return;
        Optional<String> resource = resourceName(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
        if (resource.isEmpty()) return;
        URL url = JffiLibrary.class.getClassLoader().getResource(resource.get());
        if (url == null) return;
        unpacked(url).ifPresent(dir -> System.setProperty(BOOT_PATH, dir.toString()));
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
     * The directory holding a verified copy of the jar entry {@code url} names, written there first
     * if missing or different: {@code JAR.jffi-CRC/NAME} beside the jar. Empty when {@code url} is not
     * in a local jar or the copy cannot be written.
     */
    static Optional<Path> unpacked(URL url) {
        try {
            URLConnection connection = url.openConnection();
            if (!(connection instanceof JarURLConnection jar) || !jar.getJarFileURL().getProtocol().equals("file")) return Optional.empty();
            JarEntry entry = jar.getJarEntry();
            if (entry.getSize() < 0 || entry.getCrc() < 0) return Optional.empty();
            Path jarFile = Path.of(jar.getJarFileURL().toURI());
            String name = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
            Path dir = jarFile.resolveSibling(jarFile.getFileName() + ".jffi-" + Long.toHexString(entry.getCrc()));
            Path library = dir.resolve(name);
            if (matches(library, entry)) return Optional.of(dir);
            Files.createDirectories(dir);
            // Written under a name of this process's own, then renamed over: a process starting at
            // the same time sees the old file or the whole new one, never half of it.
            Path partial = dir.resolve(name + "." + ProcessHandle.current().pid() + ".part");
            try (InputStream in = jar.getInputStream()) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, library, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
            return matches(library, entry) ? Optional.of(dir) : Optional.empty();
        } catch (IOException | URISyntaxException | IllegalArgumentException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static boolean matches(Path library, JarEntry entry) throws IOException {
        if (!Files.isRegularFile(library) || Files.size(library) != entry.getSize()) return false;
        CRC32 crc = new CRC32();
        crc.update(Files.readAllBytes(library));
        return crc.getValue() == entry.getCrc();
    }
}
