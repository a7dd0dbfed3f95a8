package dev.sluice.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C and SIGTERM for {@code sluice run}: the JVM starts its shutdown hooks on either, and ours
 * asks the run loop to stop, then holds the JVM until the loop has detached everything and printed
 * its summary, so no program is left attached when the process ends.
 */
final class StopSignal implements AutoCloseable {
    /** How long the hook waits for cleanup: a stuck close must not make the process unkillable by SIGTERM. */
    private static final long CLEANUP_SECONDS = 10;

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

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
        StopSignal signal = new StopSignal();
        Runtime.getRuntime().addShutdownHook(signal.hook);
        return signal;
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

    /** Called once everything is detached and the summary printed: releases a waiting hook, or removes ours. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running (a signal came): it returns now that cleanup is done.
        }
    }
}
