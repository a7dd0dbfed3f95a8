package dev.sluice.runtime;

import dev.sluice.runtime.sys.Native;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * An exclusive {@code flock} on a folder (on bpffs there are no regular files to lock), created
 * with mode 0700 when missing. The lock goes with the descriptor: a killed holder leaves no lock
 * behind, and removing the folder leaves nothing either.
 */
public final class FolderLock implements AutoCloseable {
    private static final int O_DIRECTORY_CLOEXEC = 0x10000 | 0x80000;
    private static final int LOCK_EX = 2;
    private static final int LOCK_NB = 4;
    private static final int LOCK_UN = 8;

    private final Path folder;
    private final FileDescriptor fd;

    private FolderLock(Path folder, FileDescriptor fd) {
        this.folder = folder;
        this.fd = fd;
    }

    /**
     * Creates {@code folder} (and missing parents, mode 0700) and waits for its lock. A folder removed
     * while waiting (by a remove that held the lock) is made again and locked anew.
     */
    public static FolderLock acquire(Path folder) {
        while (true) {
            makeFolders(folder);
            int dir = Native.libc().open(folder.toString(), O_DIRECTORY_CLOEXEC);
            if (dir < 0) {
                if (!Files.exists(folder)) continue;
                throw SystemCallException.of("open", Native.errno(), "opening " + folder + " to lock it", "CAP_BPF");
            }
            FileDescriptor fd = new FileDescriptor(dir);
            if (Native.libc().flock(dir, LOCK_EX) != 0) {
                int errno = Native.errno();
                fd.close();
                throw SystemCallException.of("flock", errno, "locking " + folder, "CAP_BPF");
            }
            if (Files.isDirectory(folder)) return new FolderLock(folder, fd);
            fd.close();
        }
    }

    /** Whether another process holds the lock of {@code folder} now (false when the folder is missing). */
    public static boolean isHeld(Path folder) {
        int dir = Native.libc().open(folder.toString(), O_DIRECTORY_CLOEXEC);
        if (dir < 0) return false;
        try (FileDescriptor fd = new FileDescriptor(dir)) {
            if (Native.libc().flock(dir, LOCK_EX | LOCK_NB) == 0) {
                Native.libc().flock(dir, LOCK_UN);
                return false;
            }
            return true;
        }
    }

    static void makeFolders(Path folder) {
        try {
            Path parent = folder.getParent();
            if (parent != null && !Files.isDirectory(parent)) makeFolders(parent);
            if (!Files.isDirectory(folder)) {
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // made by a concurrent command between the check and the mkdir: as good
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The locked folder. */
    public Path folder() {
        return folder;
    }

    @Override
    public void close() {
        fd.close();
    }
}
