package dev.sluice.runtime;

import dev.sluice.runtime.sys.Bpf;
import dev.sluice.runtime.sys.BpfCommand;
import dev.sluice.runtime.sys.Errno;
import dev.sluice.runtime.sys.NativeBuffer;
import dev.sluice.runtime.sys.ObjPinAttr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Pinning kernel objects in a bpffs, reopening them, and unpinning (removing the path). */
public final class Pins {
    private Pins() {}

    static void pin(int fd, Path path, String what) {
        try (NativeBuffer p = NativeBuffer.cString(path.toString()); ObjPinAttr attr = new ObjPinAttr()) {
            attr.path(p).object(fd);
            long r = Bpf.callRaw(BpfCommand.OBJ_PIN, attr.buffer());
            if (r < 0) {
                int errno = (int) -r;
                String hint = errno == Errno.EPERM ? " (is " + path.getParent() + " on a bpf filesystem? mount -t bpf bpf DIR)"
                        : errno == Errno.EEXIST ? " (the path exists)" : "";
                throw new BpfException(BpfCommand.OBJ_PIN, errno, "pinning " + what + " at " + path + " failed: "
                        + Errno.describe(errno) + hint);
            }
        }
    }

    /** A new file descriptor for the object pinned at {@code path}. */
    public static int open(Path path) {
        try (NativeBuffer p = NativeBuffer.cString(path.toString()); ObjPinAttr attr = new ObjPinAttr()) {
            attr.path(p);
            long r = Bpf.callRaw(BpfCommand.OBJ_GET, attr.buffer());
            if (r < 0) {
                throw new BpfException(BpfCommand.OBJ_GET, (int) -r, "opening the pinned object " + path + " failed: "
                        + Errno.describe((int) -r));
            }
            return (int) r;
        }
    }

    /**
     * Removes a pin from a bpffs (the object lives on while something else holds it); a pin that is not there
     * is no error.
     */
    public static void unpin(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot unpin " + path + ": " + e.getMessage(), e);
        }
    }
}
