package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code run --watch} counts as a change, without a kernel: a few milliseconds. */
class WatchedFilesTest {
    @TempDir
    Path dir;

    /** A change counts once it has held still: on the first look it is only pending. */
    private static boolean settled(WatchedFiles files) {
        long now = System.nanoTime();
        assertFalse(files.changed(now), "pending at first");
        return files.changed(now + WatchedFiles.SETTLE_NANOS);
    }

    @Test
    void aConfigMapSwapOfItsDataLinkIsAChange() throws Exception {
        // The kubelet's layout: FILE -> ..data/FILE, ..data -> ..TIMESTAMP; an update swaps ..data by a rename.
        Path first = Files.createDirectory(dir.resolve("..2026_01"));
        Files.writeString(first.resolve("firewall.ebpf"), "xdp a { pass }\n");
        Files.createSymbolicLink(dir.resolve("..data"), Path.of("..2026_01"));
        Path file = Files.createSymbolicLink(dir.resolve("firewall.ebpf"), Path.of("..data/firewall.ebpf"));
        WatchedFiles files = WatchedFiles.of(List.of(file));
        assertFalse(files.changed(System.nanoTime()));

        Path second = Files.createDirectory(dir.resolve("..2026_02"));
        Files.writeString(second.resolve("firewall.ebpf"), "xdp b { pass }\n");
        // Same size and time: only the link's target tells them apart.
        Files.setLastModifiedTime(second.resolve("firewall.ebpf"), Files.getLastModifiedTime(first.resolve("firewall.ebpf")));
        Path next = Files.createSymbolicLink(dir.resolve("..data_tmp"), Path.of("..2026_02"));
        Files.move(next, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(settled(files));
        files.rebase(files.files());
        assertFalse(files.changed(System.nanoTime()), "nothing more after the rebase");
    }

    @Test
    void aRenameOverAnInPlaceWriteAndADeletionAreChanges() throws Exception {
        Path file = dir.resolve("rules.ebpf");
        Files.writeString(file, "xdp a { pass }\n");
        WatchedFiles files = WatchedFiles.of(List.of(file));
        Path next = dir.resolve("rules.ebpf.new");
        Files.writeString(next, "xdp a { pass }\n");
        Files.setLastModifiedTime(next, Files.getLastModifiedTime(file));
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(settled(files), "another inode");
        files.rebase(files.files());

        Files.writeString(file, "xdp b { drop }\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 1000));
        assertTrue(settled(files), "written in place");
        files.rebase(files.files());

        Files.delete(file);
        assertTrue(settled(files), "deleted");
    }

    @Test
    void aChangeThatKeepsChangingWaitsUntilItHoldsStill() throws Exception {
        Path file = dir.resolve("rules.ebpf");
        Files.writeString(file, "1\n");
        WatchedFiles files = WatchedFiles.of(List.of(file));
        long now = System.nanoTime();
        Files.writeString(file, "22\n");
        assertFalse(files.changed(now));
        Files.writeString(file, "333\n");
        assertFalse(files.changed(now + WatchedFiles.SETTLE_NANOS), "changed again: pending anew");
        assertTrue(files.changed(now + 2 * WatchedFiles.SETTLE_NANOS));
    }
}
