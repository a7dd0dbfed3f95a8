package dev.sluice.runtime;

/** The kernel lacks a feature Sluice needs (a program type, an attach kind, a PMU). */
public final class UnsupportedException extends KernelException {
    public UnsupportedException(String message) {
        super(message);
    }
}
