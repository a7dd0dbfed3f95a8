package dev.sluice.runtime;

import dev.sluice.runtime.sys.Bpf;
import dev.sluice.runtime.sys.BpfCommand;
import dev.sluice.runtime.sys.Errno;
import dev.sluice.runtime.sys.NativeBuffer;

/**
 * BPF_ENABLE_STATS: while an instance is open, the kernel counts every program's runs and run
 * time ({@link ProgramInfo#runCount()}, {@link ProgramInfo#runTimeNs()}). It costs a little on
 * every run, so it is off unless asked for.
 */
public final class RunStatistics implements AutoCloseable {
    private final FileDescriptor fd;

    private RunStatistics(FileDescriptor fd) {
        this.fd = fd;
    }

    /** Turns run statistics on until {@link #close()}. */
    public static RunStatistics enable() {
        try (NativeBuffer attr = Bpf.attr()) {
            attr.pointer().putInt(0, 0); // BPF_STATS_RUN_TIME
            long r = Bpf.callRaw(BpfCommand.ENABLE_STATS, attr);
            if (r < 0) {
                throw new BpfException(BpfCommand.ENABLE_STATS, (int) -r, "enabling run statistics failed: "
                        + Errno.describe((int) -r));
            }
            return new RunStatistics(new FileDescriptor((int) r));
        }
    }

    @Override
    public void close() {
        fd.close();
    }
}
