package dev.sluice.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes an output file whole or not at all: a temporary file in the same directory, then an atomic rename. */
final class OutputFile {
    private OutputFile() {}

    static void write(Path target, byte[] bytes) {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path temp = null;
        try {
            // Named by pid and clock rather than Files.createTempFile, whose SecureRandom costs a cold
            // start tens of milliseconds; CREATE_NEW still refuses to reuse an existing name.
            temp = dir.resolve("." + absolute.getFileName() + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".tmp");
            Files.write(temp, bytes, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
            // An output file is readable like any other the user writes, whatever the umask of the moment.
            if (Files.getFileStore(temp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.BAD_INPUT, target + ": cannot write: " + Messages.of(e));
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
}
