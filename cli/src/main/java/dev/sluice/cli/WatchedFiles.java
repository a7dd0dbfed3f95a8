package dev.sluice.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The files {@code run --watch} reloads on: the rules file and the set files it reads, polled. A
 * file is seen as its real path (symlinks followed to the end), inode, modification time and size,
 * so every way a file changes is noticed: written in place, replaced by a rename (editors), or a
 * symlink swapped to another target (a Kubernetes ConfigMap volume swaps its {@code ..data} link).
 * Polling rather than inotify: inotify on a directory misses a change of the link's target
 * elsewhere, and a poll of a few files every 100 ms costs nothing. A change counts once it has held
 * still for {@link #SETTLE_NANOS}, so an editor's several writes give one reload.
 */
final class WatchedFiles {
    /** How long a change must hold still before it counts. */
    static final long SETTLE_NANOS = 150_000_000L;
    /** How often the files are looked at. */
    static final long POLL_MILLIS = 100;

    private List<Path> files;
    private List<String> seen;
    private List<String> pending;
    private long pendingSince;

    private WatchedFiles(List<Path> files) {
        this.files = List.copyOf(files);
        this.seen = look(this.files);
    }

    /** Watches {@code files} from how they are now. */
    static WatchedFiles of(List<Path> files) {
        return new WatchedFiles(files);
    }

    /**
     * Watches {@code files} from now on, as they are: called before reading them for a reload, so a
     * change made while the rules compile is another change.
     */
    void rebase(List<Path> files) {
        this.files = List.copyOf(files);
        this.seen = look(this.files);
        pending = null;
    }

    /** The files watched. */
    List<Path> files() {
        return files;
    }

    /** True once a change has held still for {@link #SETTLE_NANOS}; the caller then reloads and {@link #rebase}s. */
    boolean changed(long now) {
        List<String> current = look(files);
        if (current.equals(seen)) {
            pending = null;
            return false;
        }
        if (!current.equals(pending)) {
            pending = current;
            pendingSince = now;
            return false;
        }
        return now - pendingSince >= SETTLE_NANOS;
    }

    private static List<String> look(List<Path> files) {
        List<String> out = new ArrayList<>();
        for (Path f : files) out.add(state(f));
        return out;
    }

    private static String state(Path file) {
        try {
            Path real = file.toRealPath();
            BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
            return real + " " + Objects.toString(a.fileKey()) + " " + a.lastModifiedTime() + " " + a.size();
        } catch (IOException e) {
            // Missing for a moment (between an editor's delete and its new file) or for good: a state too.
            return "absent";
        }
    }
}
