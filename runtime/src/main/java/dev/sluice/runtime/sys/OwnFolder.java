package dev.sluice.runtime.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Whether a folder is this user's own and closed to others' writes: where a library this process
 * loads ({@link JffiLibrary}), or the record of it ({@link JffiCopyRecord}), may be kept.
 */
final class OwnFolder {
    private OwnFolder() {}

    /** A directory, not a link, owned by this process's user (as /proc/self is) and writable by no one else. */
    static boolean ownAndClosed(Path dir) throws IOException {
        int mode = (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        boolean othersWrite = (mode & 0022) != 0; // the group and other write bits
        return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && !othersWrite && uid(dir) == uid(Path.of("/proc/self"));
    }

    static int uid(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:uid");
    }
}
