package dev.sluice.runtime.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * Where the last start with the same class path found jffi's library unpacked ({@link
 * JffiLibrary}), so that the next start need not open the jar to ask. Looking the library up as a
 * resource opens the jar and indexes its whole central directory (5,200 entries in sluice.jar,
 * 20-40 ms of cold, interpreted code), which nothing else in a start from a class cache does.
 *
 * <p>The record, {@code CACHE/jffi-cp-HASH} (HASH of the class path), holds the class path, the
 * size and modification time of each of its files, and the copy's folder, size and CRC-32. It is
 * believed only when the class path is the same and made of files alone (a folder's contents can
 * change while its own time does not), each file unchanged, the copy's folder inside the cache
 * folder and, like it, this user's and closed to others, and the copy still of that size and CRC-32.
 * Anything else falls back to the jar, which then writes the record again.
 */
final class JffiCopyRecord {
    private JffiCopyRecord() {}

    /** The folder of the remembered copy of library {@code name} for {@code classPath}, when the record holds. */
    static Optional<Path> lookup(Path cache, String classPath, String name) {
        try {
            Optional<String> key = key(classPath);
            if (key.isEmpty()) return Optional.empty();
            Path record = file(cache, key.get());
            if (!Files.isRegularFile(record, LinkOption.NOFOLLOW_LINKS) || !OwnFolder.ownAndClosed(cache)) return Optional.empty();
            String text = Files.readString(record);
            if (!text.startsWith(key.get())) return Optional.empty();
            String[] copy = text.substring(key.get().length()).strip().split("\t");
            if (copy.length != 4 || !copy[0].equals("copy")) return Optional.empty();
            Path dir = Path.of(copy[1]);
            if (!cache.equals(dir.getParent()) || !OwnFolder.ownAndClosed(dir)) return Optional.empty();
            if (!matches(dir.resolve(name), Long.parseLong(copy[2]), Long.parseUnsignedLong(copy[3], 16))) return Optional.empty();
            return Optional.of(dir);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Records {@code dir} (in {@code cache}) as holding the verified copy of library {@code name} for {@code classPath}. */
    static void remember(Path cache, String classPath, Path dir, String name) {
        try {
            Optional<String> key = key(classPath);
            if (key.isEmpty() || !cache.equals(dir.getParent()) || !OwnFolder.ownAndClosed(cache)) return;
            byte[] library = Files.readAllBytes(dir.resolve(name));
            CRC32 crc = new CRC32();
            crc.update(library);
            String text = key.get() + "copy\t" + dir + "\t" + library.length + "\t" + Long.toHexString(crc.getValue()) + "\n";
            Path record = file(cache, key.get());
            // Written under a name of this process's own and renamed over, as the copy is.
            Path partial = cache.resolve(record.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".part");
            try {
                Files.writeString(partial, text);
                Files.move(partial, record, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException | RuntimeException e) {
            // Without a record the next start opens the jar, as it would have anyway.
        }
    }

    /**
     * The class path's elements, absolute, each with its size and modification time, one a line; empty
     * when an element is not a regular file or cannot be read.
     */
    static Optional<String> key(String classPath) throws IOException {
        if (classPath == null || classPath.isEmpty()) return Optional.empty();
        StringBuilder key = new StringBuilder();
        for (String element : classPath.split(java.io.File.pathSeparator)) {
            Path file = Path.of(element).toAbsolutePath().normalize();
            if (!Files.isRegularFile(file)) return Optional.empty();
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            key.append("file\t").append(file).append('\t').append(a.size()).append('\t')
                    .append(a.lastModifiedTime().to(TimeUnit.NANOSECONDS)).append('\n');
        }
        return Optional.of(key.toString());
    }

    private static Path file(Path cache, String key) {
        StringBuilder files = new StringBuilder();
        for (String line : key.split("\n")) files.append(line.split("\t")[1]).append(':');
        return cache.resolve("jffi-cp-" + Integer.toHexString(files.toString().hashCode()));
    }

    private static boolean matches(Path library, long size, long crc) throws IOException {
        if (!Files.isRegularFile(library, LinkOption.NOFOLLOW_LINKS) || Files.size(library) != size) return false;
        CRC32 sum = new CRC32();
        sum.update(Files.readAllBytes(library));
        return sum.getValue() == crc;
    }
}
