package dev.sluice.bench;

import dev.sluice.runtime.TestRunRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * ns/packet to a tenth of a nanosecond, Sluice against the one-tag C (clang -O2 -mcpu=v3) on the
 * side-by-side's untagged frames of filters 1-7. The kernel's BPF_PROG_TEST_RUN average is whole
 * nanoseconds (total / repeat, rounded down), so each figure is the wall time of one
 * BPF_PROG_TEST_RUN call of {@code repeat} runs divided by {@code repeat} (the call's own cost,
 * a few microseconds, is under 0.001 ns at 5,000,000 runs); the two programs alternate, who goes
 * first rotating, and the minimum over rounds is kept.
 * Run: {@code java -cp bench/target/benchmarks.jar dev.sluice.bench.NsPerPacket [--rounds N] [--repeat N]}.
 */
public final class NsPerPacket {
    private NsPerPacket() {}

    public static void main(String[] args) throws Exception {
        int rounds = 7;
        int repeat = 5_000_000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--repeat" -> repeat = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (--rounds N --repeat N)");
            }
        }
        Path cDir = Path.of("bench/c");
        Path work = Path.of("bench/target/ns-per-packet");
        java.nio.file.Files.createDirectories(work);
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "ns/packet, wall time of BPF_PROG_TEST_RUN / %,d repeats,"
                + " minimum of %d rounds (ratio: Sluice / one-tag C, clang -O2 -mcpu=v3; target at most 1.0):%n%n"
                + "| # | frame | Sluice | one-tag C | ratio |%n|---|---|---|---|---|%n", repeat, rounds));
        for (SideBySide.Filter f : SideBySide.filters()) {
            if (f.number() > 7) continue;
            SideBySide.Side sluice = SideBySide.sluice(f);
            try (AutoCloseable s = sluice.owner()) {
                SideBySide.Side c = SideBySide.clang(f, cDir, work, "clang", true);
                try (AutoCloseable co = c.owner()) {
                    for (SideBySide.Packet p : f.timed()) {
                        double[] best = time(List.of(sluice, c), p.frame(), rounds, repeat);
                        out.append(String.format(Locale.ROOT, "| %d | %s | %.1f | %.1f | %.2f |%n", f.number(), p.label(), best[0], best[1],
                                best[0] / best[1]));
                    }
                }
            }
        }
        System.out.print(out);
    }

    /** The minimum over rounds of each side's wall ns per run, the sides alternating. */
    static double[] time(List<SideBySide.Side> sides, byte[] frame, int rounds, int repeat) {
        double[] best = new double[sides.size()];
        java.util.Arrays.fill(best, Double.MAX_VALUE);
        TestRunRequest request = TestRunRequest.of(frame).repeat(repeat);
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < sides.size(); k++) {
                int si = (k + round) % sides.size();
                long t0 = System.nanoTime();
                sides.get(si).program().testRun(request);
                double ns = (System.nanoTime() - t0) / (double) repeat;
                best[si] = Math.min(best[si], ns);
            }
        }
        return best;
    }
}
