package dev.sluice.cli;

import dev.sluice.runtime.LoadedProgram;
import dev.sluice.runtime.RingBufferReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What {@code sluice run} holds in the kernel. Attachments (links, and the packet sockets socket
 * filters sit on) are released before the programs, so that the final counters can still be read
 * after detaching; each group is closed in the reverse order of opening, and one failing close
 * does not keep the rest open.
 */
final class RunSession implements AutoCloseable {
    /** A loaded program and, when it prints, the reader of its events. */
    record Running(LoadedProgram program, RingBufferReader events) {}

    private final List<Running> running = new ArrayList<>();
    private final Deque<AutoCloseable> loaded = new ArrayDeque<>();
    private final Deque<AutoCloseable> attached = new ArrayDeque<>();

    /** Takes ownership of a program as soon as it is loaded, so a later failure still closes it. */
    void loaded(LoadedProgram program) {
        loaded.push(program);
    }

    void reading(LoadedProgram program, RingBufferReader events) {
        if (events != null) loaded.push(events);
        running.add(new Running(program, events));
    }

    void attached(AutoCloseable attachment) {
        attached.push(attachment);
    }

    List<Running> running() {
        return running;
    }

    /** Detaches everything; the programs and their maps stay readable. */
    void detach() {
        closeAll(attached);
    }

    @Override
    public void close() {
        detach();
        closeAll(loaded);
    }

    private static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception ignored) {
                // Releasing one resource must not keep the others in the kernel.
            }
        }
    }
}
