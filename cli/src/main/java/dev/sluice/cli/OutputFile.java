package dev.sluice.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Where {@code -o PATH} writes (docs/CLI.md, "Output files"): {@code -} is standard output; a regular
 * file, or a new one, is replaced whole or not at all (a temporary file beside it, then an atomic
 * rename); a symlink is followed and its target replaced so; anything else that exists (a device,
 * a FIFO, {@code /dev/stdout}) is written through, never replaced.
 */
final class OutputFile {
    /** Symlinks followed before giving up, as the kernel's own limit (ELOOP). */
    private static final int MAX_LINKS = 40;
    private static final Path PROC = Path.of("/proc");

    private OutputFile() {}

    /** What writing to a path means. */
    sealed interface Destination {
        /** {@code -o -}. */
        record StandardOutput() implements Destination {}

        /** An existing file that is not a regular one, or a link into /proc (an open descriptor): opened and written. */
        record Through(Path path) implements Destination {}

        /** A regular file, or none yet: replaced by a rename. */
        record Replaced(Path path) implements Destination {}
    }

    static void write(Path target, byte[] bytes) {
        Destination destination = destination(target);
        try {
            if (destination instanceof Destination.Replaced r) {
                replace(r.path(), bytes);
            } else if (destination instanceof Destination.Through t) {
                // APPEND: /dev/stdout on a file the shell opened keeps what is already there.
                try (OutputStream out = Files.newOutputStream(t.path(), StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                    out.write(bytes);
                }
            } else {
                System.out.write(bytes);
                System.out.flush();
            }
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.BAD_INPUT, target + ": cannot write: " + Messages.of(e));
        }
    }

    /** Follows symlinks by hand: the link itself must never be replaced, and a link into /proc is a descriptor, not a file. */
    static Destination destination(Path target) {
        if (target.toString().equals("-")) return new Destination.StandardOutput();
        Path at = target.toAbsolutePath();
        try {
            for (int hops = 0; Files.isSymbolicLink(at); hops++) {
                if (hops == MAX_LINKS) throw new CliFailure(ExitCodes.BAD_INPUT, target + ": cannot write: too many levels of symbolic links");
                Path dir = at.getParent().toRealPath();
                // /proc/self/fd/N (which /dev/stdout and /dev/fd/N lead to) names an open file, maybe a pipe.
                if (dir.startsWith(PROC)) return new Destination.Through(at);
                at = dir.resolve(Files.readSymbolicLink(at));
            }
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.BAD_INPUT, target + ": cannot write: " + Messages.of(e));
        }
        if (Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
            throw new CliFailure(ExitCodes.BAD_INPUT, target + ": cannot write: is a directory");
        }
        if (Files.exists(at, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(at, LinkOption.NOFOLLOW_LINKS)) {
            return new Destination.Through(at);
        }
        return new Destination.Replaced(at);
    }

    private static void replace(Path file, byte[] bytes) throws IOException {
        Path dir = file.getParent();
        Path temp = null;
        try {
            temp = newTemporary(dir, file.getFileName().toString(), bytes);
            if (Files.getFileStore(temp).supportsFileAttributeView("posix")) {
                // A replaced file keeps its mode; a new one is readable like any other the user writes, whatever the umask.
                Set<PosixFilePermission> mode = Files.exists(file) ? Files.getPosixFilePermissions(file)
                        : PosixFilePermissions.fromString("rw-r--r--");
                Files.setPosixFilePermissions(temp, mode);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // The write already failed; that failure is the one reported.
                }
            }
        }
    }

    /**
     * Writes {@code bytes} to a new file {@code .NAME.CLOCK.tmp} in {@code dir}. Named by the clock
     * rather than by Files.createTempFile, whose SecureRandom costs a cold start tens of
     * milliseconds, or by the pid, whose ProcessHandle sets up a thread pool; CREATE_NEW refuses a
     * name another process took, and then the next is tried.
     */
    private static Path newTemporary(Path dir, String name, byte[] bytes) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve("." + name + "." + Long.toHexString(System.nanoTime()) + ".tmp");
            try {
                Files.write(temp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return temp;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt == 100) throw e;
            } catch (IOException e) {
                Files.deleteIfExists(temp);
                throw e;
            }
        }
    }
}
