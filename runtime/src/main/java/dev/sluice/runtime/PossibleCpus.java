package dev.sluice.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The number of possible CPUs, which sizes per-CPU map values (docs/KERNEL.md, "Commands, maps and ring buffers"). */
public final class PossibleCpus {
    private static final int COUNT = read();

    private PossibleCpus() {}

    /**
     * How many value slots a per-CPU map has: the highest possible CPU number plus one, from {@code
     * /sys/devices/system/cpu/possible}.
     */
    public static int count() {
        return COUNT;
    }

    /** "0-1,4" is 3 CPUs numbered up to 4: per-CPU values are indexed up to the highest, so count max+1. */
    static int parse(String ranges) {
        int max = -1;
        for (String part : ranges.trim().split(",")) {
            if (part.isEmpty()) continue;
            String[] bounds = part.split("-");
            max = Math.max(max, Integer.parseInt(bounds[bounds.length - 1].trim()));
        }
        return max + 1;
    }

    private static int read() {
        try {
            return parse(Files.readString(Path.of("/sys/devices/system/cpu/possible")));
        } catch (IOException | RuntimeException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }
}
