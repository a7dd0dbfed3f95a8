package dev.sluice.runtime;

import dev.sluice.runtime.sys.Native;

/** Network interface names to indexes, in the calling thread's network namespace. */
public final class Interfaces {
    private Interfaces() {}

    /**
     * The index of interface {@code name}, as links and sockets take it; an unknown name is an {@link
     * IllegalArgumentException} naming it.
     */
    public static int index(String name) {
        int index = Native.libc().if_nametoindex(name);
        if (index <= 0) throw new IllegalArgumentException("no network interface named " + name);
        return index;
    }
}
