package dev.sluice.cli;

import dev.sluice.dsl.model.Hook;
import dev.sluice.dsl.model.Program;
import dev.sluice.runtime.Kernel;
import dev.sluice.runtime.ProbeEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code sluice run} can do before its programs are compiled, done on a second thread while
 * the main thread parses and compiles (docs/PERFORMANCE-TRACE.md, "Trace start-up: what runs on a second
 * thread"): the runtime's native layer readied ({@link #startNativeLayer}, as soon as the command
 * is known), then, once the script is parsed, each trace hook's perf event opened ({@link #open}):
 * the uprobe's symbol found in its binary, the tracepoint's id read from tracefs, the event made.
 * The events are this object's until {@link #take}n; {@link #close} waits for the thread and
 * releases the rest, so a failure on the main thread (a compile error, a refused load) leaves
 * nothing open. A failure on the second thread is kept and thrown by {@link #take}, where
 * attaching would have thrown it, so what users see and in which order does not change.
 */
final class RunPreparation implements AutoCloseable {
    /** The native layer's start, begun by {@link #startNativeLayer}; null when not begun in this JVM. */
    private static Thread nativeLayer;
    private static Throwable nativeFailure;

    /** One hook's event, or why it could not be opened. */
    private record Opened(String description, ProbeEvent event, Throwable failure) {}

    private final List<Opened> opened = new ArrayList<>();
    private Thread opener;

    /**
     * Starts readying the native layer (jffi's library, libc's binding: about 40 ms of a cold first
     * {@code bpf()}) on a daemon thread, at most once per JVM. Called by {@link Main} when the command
     * is {@code run}, before picocli builds the command line.
     */
    static synchronized void startNativeLayer() {
        if (nativeLayer != null) return;
        nativeLayer = new Thread(() -> {
            try {
                Kernel.initialize();
            } catch (Throwable e) {
                synchronized (RunPreparation.class) {
                    nativeFailure = e;
                }
            }
        }, "sluice-native");
        nativeLayer.setDaemon(true);
        nativeLayer.start();
    }

    /**
     * Waits until the native layer is ready (starting it here if no one did), and throws what readying
     * it threw, as the first kernel call on this thread would have.
     */
    static void awaitNativeLayer() {
        startNativeLayer();
        Thread t;
        synchronized (RunPreparation.class) {
            t = nativeLayer;
        }
        joinUninterruptibly(t);
        Throwable failure;
        synchronized (RunPreparation.class) {
            failure = nativeFailure;
        }
        if (failure instanceof RuntimeException e) throw e;
        if (failure instanceof Error e) throw e;
    }

    /**
     * Opens, on a second thread, the perf event of each of {@code programs}' hooks that has one to
     * open ahead (uprobes, kprobes, tracepoints). At most once. It does not wait for the native
     * layer first: what needs no system call (the uprobe's symbol read from its binary, the
     * tracepoint's id from tracefs) runs while that is still being readied, and the first system
     * call waits for it (the JVM holds a class's users until its initialization ends).
     */
    synchronized void open(List<Program> programs) {
        if (opener != null) throw new IllegalStateException("already opening");
        List<Hook> hooks = new ArrayList<>();
        for (Program p : programs) {
            if (ProbeEvent.describe(p.hook()).isPresent()) hooks.add(p.hook());
        }
        if (hooks.isEmpty()) return;
        opener = new Thread(() -> {
            for (Hook hook : hooks) {
                Opened o;
                try {
                    ProbeEvent event = ProbeEvent.open(hook).orElseThrow();
                    o = new Opened(event.description(), event, null);
                } catch (RuntimeException | LinkageError e) {
                    // A LinkageError: the native layer failed to start, which the main thread's
                    // awaitNativeLayer reports before it takes anything from here.
                    o = new Opened(ProbeEvent.describe(hook).orElseThrow(), null, e);
                }
                synchronized (this) {
                    opened.add(o);
                }
            }
        }, "sluice-probes");
        opener.setDaemon(true);
        opener.start();
    }

    /**
     * The event opened for {@code hook}, now the caller's; what opening it threw, thrown here; empty
     * when none was opened for it (not a hook opened ahead, or {@link #open} not called).
     */
    Optional<ProbeEvent> take(Hook hook) {
        Optional<String> wanted = ProbeEvent.describe(hook);
        if (wanted.isEmpty()) return Optional.empty();
        waitForOpener();
        synchronized (this) {
            for (int i = 0; i < opened.size(); i++) {
                Opened o = opened.get(i);
                if (!o.description().equals(wanted.get())) continue;
                opened.remove(i);
                if (o.failure() instanceof RuntimeException e) throw e;
                if (o.failure() instanceof Error e) throw e;
                return Optional.of(o.event());
            }
        }
        return Optional.empty();
    }

    /** Waits for the second thread and releases every event not taken. */
    @Override
    public void close() {
        waitForOpener();
        List<Opened> rest;
        synchronized (this) {
            rest = new ArrayList<>(opened);
            opened.clear();
        }
        for (Opened o : rest) {
            if (o.event() != null) o.event().close();
        }
    }

    private void waitForOpener() {
        Thread t;
        synchronized (this) {
            t = opener;
        }
        if (t != null) joinUninterruptibly(t);
    }

    /** The threads here make a few system calls each and cannot hang, so a join is not cut short by an interrupt. */
    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
