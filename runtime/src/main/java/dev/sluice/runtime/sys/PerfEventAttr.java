package dev.sluice.runtime.sys;

/** {@code struct perf_event_attr} (128 bytes here) for perf_event_open. */
public final class PerfEventAttr extends BpfAttr {
    public static final int SIZE = 128;
    public static final int TYPE_SOFTWARE = 1;
    public static final int TYPE_TRACEPOINT = 2;
    public static final int SW_CPU_CLOCK = 0;
    private static final long FLAG_FREQ = 1L << 10;

    public PerfEventAttr() {
        super(SIZE);
        p.putInt(4, SIZE);
    }

    public PerfEventAttr type(int type) {
        p.putInt(0, type);
        return this;
    }

    public PerfEventAttr config(long config) {
        p.putLong(8, config);
        return this;
    }

    public PerfEventAttr samplePeriod(long period) {
        p.putLong(16, period);
        return this;
    }

    /** Samples per second instead of a period. */
    public PerfEventAttr sampleFrequency(long hz) {
        p.putLong(16, hz);
        p.putLong(40, p.getLong(40) | FLAG_FREQ);
        return this;
    }

    public PerfEventAttr config1(long value) {
        p.putLong(56, value);
        return this;
    }

    public PerfEventAttr config2(long value) {
        p.putLong(64, value);
        return this;
    }
}
