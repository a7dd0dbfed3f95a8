package dev.sluice.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C and SIGTERM for {@code sluice run}: a stop the run loop sees, after which it detaches
 * everything, prints its summary and returns its own exit code (0; docs/CLI.md). The JVM's default
 * handling would run shutdown hooks and end the process with 130 or 143 whatever the command
 * returns, so SIGINT and SIGTERM get handlers of their own. A second one ends the process at once:
 * links and sockets are descriptors, which the kernel releases with it. Other shutdowns (SIGHUP,
 * or a JVM started with -Xrs, where the handlers cannot be installed) still go through a shutdown
 * hook that asks the loop to stop and holds the JVM until it has detached. With {@code run --watch},
 * SIGHUP is not a shutdown but a request to reload the rules, which the loop takes with
 * {@link #reloadRequested()}.
 */
final class StopSignal implements AutoCloseable {
    /** How long the hook waits for cleanup: a stuck close must not make the process unkillable. */
    private static final long CLEANUP_SECONDS = 10;

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private final AtomicBoolean reload = new AtomicBoolean();

    private StopSignal() {
        hook = new Thread(() -> {
            stop.countDown();
            try {
                finished.await(CLEANUP_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sluice-run-stop");
    }

    static StopSignal install() {
        return install(false);
    }

    /** As {@link #install()}; with {@code hangupReloads}, SIGHUP asks for a reload instead of a shutdown. */
    static StopSignal install(boolean hangupReloads) {
        StopSignal signal = new StopSignal();
        if (hangupReloads) {
            Signal hup = new Signal("HUP");
            try {
                signal.previous.put(hup, Signal.handle(hup, s -> signal.reload.set(true)));
            } catch (IllegalArgumentException notHandled) {
                // -Xrs: SIGHUP stays a shutdown, and file changes still reload.
            }
        }
        Runtime.getRuntime().addShutdownHook(signal.hook);
        for (String name : List.of("INT", "TERM")) {
            Signal s = new Signal(name);
            try {
                signal.previous.put(s, Signal.handle(s, signal::received));
            } catch (IllegalArgumentException notHandled) {
                // -Xrs, or the signal is reserved: the shutdown hook still stops the run.
            }
        }
        return signal;
    }

    private void received(Signal s) {
        if (stop.getCount() == 0) Runtime.getRuntime().halt(128 + s.getNumber());
        stop.countDown();
    }

    /** Whether a SIGHUP came since the last call. */
    boolean reloadRequested() {
        return reload.getAndSet(false);
    }

    boolean requested() {
        return stop.getCount() == 0;
    }

    /** Waits up to {@code millis} for a stop; true when one came. */
    boolean await(long millis) {
        try {
            return stop.await(Math.max(0, millis), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Called once everything is detached and the summary printed: the handlers before ours come back, a waiting hook returns. */
    @Override
    public void close() {
        previous.forEach(Signal::handle);
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running (a shutdown began): it returns now that cleanup is done.
        }
    }
}
