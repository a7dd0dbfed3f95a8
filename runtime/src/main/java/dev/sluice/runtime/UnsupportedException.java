package dev.sluice.runtime;

/** The kernel lacks a feature Sluice needs (a program type, an attach kind, a PMU). */
public final class UnsupportedException extends KernelException {
    /** A message naming the missing feature and, where there is one, what to use instead. */
    public UnsupportedException(String message) {
        super(message);
    }
}
