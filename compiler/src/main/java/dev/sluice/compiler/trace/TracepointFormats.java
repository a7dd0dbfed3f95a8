package dev.sluice.compiler.trace;

import java.util.List;

/** A tracepoint's format file text (tracefs {@code events/CATEGORY/EVENT/format}), or why it cannot be read. */
public interface TracepointFormats {
    /** The text of {@code events/CATEGORY/EVENT/format}; an IOException saying why it cannot be read. */
    String format(String category, String event) throws java.io.IOException;

    /** The running kernel's tracefs, where it is usually mounted. */
    TracepointFormats TRACEFS = (category, event) -> {
        java.io.IOException last = null;
        for (String root : List.of("/sys/kernel/tracing", "/sys/kernel/debug/tracing")) {
            try {
                return java.nio.file.Files.readString(java.nio.file.Path.of(root, "events", category, event, "format"));
            } catch (java.nio.file.NoSuchFileException e) {
                last = new java.io.IOException("no " + e.getFile() + " (no such tracepoint, or tracefs is not mounted)");
            } catch (java.io.IOException e) {
                last = e;
            }
        }
        throw last;
    };
}
