package dev.sluice.bench;

import dev.sluice.runtime.BpfProgram;
import dev.sluice.runtime.TestRunRequest;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;

/**
 * Paired, interleaved timing of a few XDP programs on one frame: every round runs each program
 * once (one BPF_PROG_TEST_RUN call of {@code repeat} runs), who goes first rotating, so that the
 * programs of one round see the same machine. Each run is measured as the calling thread's CPU time
 * ({@code CLOCK_THREAD_CPUTIME_ID}: the test run loop runs in the thread's system call, and time
 * the CPU spent on another process does not count) and as wall time, both per run in ns. The
 * kernel's own average is whole nanoseconds (total / repeat, rounded down), too coarse for tenths.
 *
 * @param cpu {@code cpu[program][round]}, thread CPU ns per run
 * @param wall {@code wall[program][round]}, wall ns per run
 */
record PairedRounds(double[][] cpu, double[][] wall) {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static PairedRounds run(List<BpfProgram> programs, byte[] frame, int rounds, int repeat) {
        if (!THREADS.isCurrentThreadCpuTimeSupported()) throw new IllegalStateException("thread CPU time is not supported by this JVM");
        int n = programs.size();
        double[][] cpu = new double[n][rounds];
        double[][] wall = new double[n][rounds];
        TestRunRequest request = TestRunRequest.of(frame).repeat(repeat);
        for (BpfProgram p : programs) p.testRun(TestRunRequest.of(frame).repeat(Math.max(1, repeat / 10))); // warm the caches and the JIT path
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < n; k++) {
                int pi = (k + round) % n;
                long c0 = THREADS.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                programs.get(pi).testRun(request);
                long w1 = System.nanoTime();
                long c1 = THREADS.getCurrentThreadCpuTime();
                cpu[pi][round] = (c1 - c0) / (double) repeat;
                wall[pi][round] = (w1 - w0) / (double) repeat;
            }
        }
        return new PairedRounds(cpu, wall);
    }

    /** The rounds of {@code parts} one after another, as if run as one (the same programs' places in each). */
    static PairedRounds concat(List<PairedRounds> parts) {
        int n = parts.get(0).cpu.length;
        double[][] cpu = new double[n][];
        double[][] wall = new double[n][];
        for (int p = 0; p < n; p++) {
            int program = p;
            cpu[p] = parts.stream().flatMapToDouble(r -> Arrays.stream(r.cpu[program])).toArray();
            wall[p] = parts.stream().flatMapToDouble(r -> Arrays.stream(r.wall[program])).toArray();
        }
        return new PairedRounds(cpu, wall);
    }

    /** Per round, program a's CPU time over program b's. */
    double[] ratios(int a, int b) {
        double[] r = new double[cpu[a].length];
        for (int i = 0; i < r.length; i++) r[i] = cpu[a][i] / cpu[b][i];
        return r;
    }

    /** Per round, program a's wall time over program b's. */
    double[] wallRatios(int a, int b) {
        double[] r = new double[wall[a].length];
        for (int i = 0; i < r.length; i++) r[i] = wall[a][i] / wall[b][i];
        return r;
    }

    /** Per round, program a's CPU time less program b's (ns per run). */
    double[] differences(int a, int b) {
        double[] d = new double[cpu[a].length];
        for (int i = 0; i < d.length; i++) d[i] = cpu[a][i] - cpu[b][i];
        return d;
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    static double min(double[] values) {
        return Arrays.stream(values).min().orElseThrow();
    }
}
