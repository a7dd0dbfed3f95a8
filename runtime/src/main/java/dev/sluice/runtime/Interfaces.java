package dev.sluice.runtime;

import dev.sluice.runtime.sys.Native;

/** Network interface names to indexes, in the calling thread's network namespace. */
public final class Interfaces {
    private Interfaces() {}

    public static int index(String name) {
        int index = Native.libc().if_nametoindex(name);
        if (index <= 0) throw new IllegalArgumentException("no network interface named " + name);
        return index;
    }
}
