package dev.sluice.runtime;

import dev.sluice.runtime.sys.Bpf;
import dev.sluice.runtime.sys.BpfCommand;
import dev.sluice.runtime.sys.Errno;
import dev.sluice.runtime.sys.LinkUpdateAttr;
import java.util.ArrayList;
import java.util.List;

/**
 * An attachment as a bpf_link (or, where no link exists, the resources that keep a program
 * attached). Closing detaches, unless the link was pinned. Owns everything it holds: the link fd,
 * a perf event fd, a cgroup directory fd.
 */
public final class Link implements AutoCloseable {
    /** sizeof(struct bpf_link_info) that this code reads: type, id, prog_id and the hook's union. */
    private static final int LINK_INFO_SIZE = 64;
    private final String description;
    private final FileDescriptor fd;
    private final List<AutoCloseable> owned;
    private boolean closed;

    Link(String description, FileDescriptor fd, List<AutoCloseable> owned) {
        this.description = description;
        this.fd = fd;
        this.owned = new ArrayList<>(owned);
    }

    /** What is attached where, in words ({@code xdp on eth0 (generic)}), for status lines and messages. */
    public String description() {
        return description;
    }

    /**
     * The link's file descriptor (or the perf event's, or the socket's, for attachments that are not
     * bpf_links).
     */
    public int fd() {
        return fd.number();
    }

    /** Swaps the program atomically (BPF_LINK_UPDATE), checking that {@code expected} is the one running. */
    public void update(BpfProgram replacement, BpfProgram expected) {
        try (LinkUpdateAttr attr = new LinkUpdateAttr()) {
            attr.link(fd()).newProgram(replacement.fd()).replacing(expected.fd());
            long r = Bpf.callRaw(BpfCommand.LINK_UPDATE, attr.buffer());
            if (r < 0) {
                int errno = (int) -r;
                throw new AttachException(BpfCommand.LINK_UPDATE, errno, "replacing the program of " + description
                        + " failed: " + Errno.describe(errno)
                        + (errno == Errno.EPERM ? " (the link no longer runs the expected program)" : ""));
            }
        }
    }

    /**
     * Swaps the program atomically (BPF_LINK_UPDATE) without checking which one was running: no packet sees
     * no program.
     */
    public void update(BpfProgram replacement) {
        try (LinkUpdateAttr attr = new LinkUpdateAttr()) {
            attr.link(fd()).newProgram(replacement.fd());
            long r = Bpf.callRaw(BpfCommand.LINK_UPDATE, attr.buffer());
            if (r < 0) throw new AttachException(BpfCommand.LINK_UPDATE, (int) -r, "replacing the program of "
                    + description + " failed: " + Errno.describe((int) -r));
        }
    }

    /**
     * Pins the link at {@code path} on a bpffs: the attachment then outlives this process and {@link
     * #close()} no longer detaches it.
     */
    public void pin(java.nio.file.Path path) {
        Pins.pin(fd(), path, "link " + description);
    }

    /**
     * Reopens a link pinned at {@code path} (BPF_OBJ_GET). Closing the result closes only this
     * descriptor: the pin keeps the attachment.
     */
    public static Link openPinned(java.nio.file.Path path, String description) {
        return new Link(description, new FileDescriptor(Pins.open(path)), List.of());
    }

    /** The kernel id of the program the link runs now (bpf_link_info.prog_id). */
    public int programId() {
        try (dev.sluice.runtime.sys.NativeBuffer info = dev.sluice.runtime.sys.NativeBuffer.allocate(LINK_INFO_SIZE);
             dev.sluice.runtime.sys.ObjGetInfoByFdAttr attr = new dev.sluice.runtime.sys.ObjGetInfoByFdAttr()) {
            attr.object(fd()).info(info);
            long r = Bpf.callRaw(BpfCommand.OBJ_GET_INFO_BY_FD, attr.buffer());
            if (r < 0) throw BpfException.of(BpfCommand.OBJ_GET_INFO_BY_FD, (int) -r);
            return java.nio.ByteBuffer.wrap(info.bytes()).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(8);
        }
    }

    /** Whether {@link #close()} has not been called yet. */
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        fd.close();
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception ignored) {
                // Releasing one resource must not keep the others alive.
            }
        }
    }

    @Override
    public String toString() {
        return "Link[" + description + "]";
    }
}
