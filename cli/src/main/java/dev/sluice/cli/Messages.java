package dev.sluice.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** Short, user-facing texts for common exceptions. */
final class Messages {
    private Messages() {}

    static String of(java.io.IOException e) {
        if (e instanceof NoSuchFileException) return "no such file";
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e.getMessage() != null && e.getMessage().contains("Is a directory")) return "is a directory";
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
