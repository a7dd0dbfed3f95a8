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
 * does not keep the rest open. With {@code --watch} the programs shown are those of the applied
 * generation, and each reload puts the new generation's in their place ({@link #replace}).
 */
final class RunSession implements AutoCloseable {
    /** A loaded program and, when it prints, the reader of its events. */
    record Running(LoadedProgram program, RingBufferReader events) {}

    /** Read by the metrics endpoint's thread while a reload may replace it: always a whole, immutable list. */
    private volatile List<Running> running = List.of();
    private Deque<AutoCloseable> loaded = new ArrayDeque<>();
    private final Deque<AutoCloseable> attached = new ArrayDeque<>();

    /** Takes ownership of a program as soon as it is loaded, so a later failure still closes it. */
    void loaded(LoadedProgram program) {
        loaded.push(program);
    }

    void reading(LoadedProgram program, RingBufferReader events) {
        if (events != null) loaded.push(events);
        List<Running> next = new ArrayList<>(running);
        next.add(new Running(program, events));
        running = List.copyOf(next);
    }

    void attached(AutoCloseable attachment) {
        attached.push(attachment);
    }

    List<Running> running() {
        return running;
    }

    /**
     * Puts {@code next} (programs and readers, which it owns from now on) in the place of what the
     * session shows and owns; returns the old, for the caller to drain and close.
     */
    Deque<AutoCloseable> replace(List<Running> next) {
        Deque<AutoCloseable> old = loaded;
        Deque<AutoCloseable> owned = new ArrayDeque<>();
        for (Running r : next) {
            owned.push(r.program());
            if (r.events() != null) owned.push(r.events());
        }
        loaded = owned;
        running = List.copyOf(next);
        return old;
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

    static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception ignored) {
                // Releasing one resource must not keep the others in the kernel.
            }
        }
    }
}
