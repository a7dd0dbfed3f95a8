package dev.sluice.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tracepoint ids and formats from tracefs, mounting it at /sys/kernel/tracing when absent. */
public final class Tracefs {
    private static final Path MOUNT = Path.of("/sys/kernel/tracing");

    private Tracefs() {}

    /**
     * The {@code events} directory of tracefs, mounted at {@code /sys/kernel/tracing} first when it is not
     * there; an {@link UnsupportedException} when it cannot be.
     */
    public static Path events() {
        Path events = MOUNT.resolve("events");
        if (!Files.isDirectory(events)) {
            String said = mount();
            if (!Files.isDirectory(events)) {
                throw new UnsupportedException("tracefs is not mounted at " + MOUNT + " and mounting it (which needs "
                        + "CAP_SYS_ADMIN) failed" + (said.isBlank() ? "" : ": " + said.strip().lines().findFirst().orElse("")));
            }
        }
        return events;
    }

    /**
     * The id of tracepoint {@code category:name}, which perf_event_open takes; an unknown tracepoint is an
     * {@link IllegalArgumentException}.
     */
    public static long eventId(String category, String name) {
        Path id = events().resolve(category).resolve(name).resolve("id");
        try {
            return Long.parseLong(Files.readString(id).trim());
        } catch (IOException | NumberFormatException e) {
            throw new IllegalArgumentException("no tracepoint " + category + ":" + name + " (" + id + " is unreadable)");
        }
    }

    /** The text of the tracepoint's {@code format} file: its record's fields, offsets and sizes. */
    public static String format(String category, String name) {
        Path format = events().resolve(category).resolve(name).resolve("format");
        try {
            return Files.readString(format);
        } catch (IOException e) {
            throw new IllegalArgumentException("no tracepoint " + category + ":" + name + " (" + format + ")");
        }
    }

    /** What the mount command said. */
    private static synchronized String mount() {
        // mount(2) through libc would need another binding; the mount command is on every Linux.
        try {
            Process p = new ProcessBuilder("mount", "-t", "tracefs", "tracefs", MOUNT.toString())
                    .redirectErrorStream(true).start();
            // Reading to the end waits for the command: it closes its output when it exits.
            return new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UnsupportedException("tracefs is not mounted at " + MOUNT + " and the mount command cannot run: "
                    + e.getMessage());
        }
    }
}
