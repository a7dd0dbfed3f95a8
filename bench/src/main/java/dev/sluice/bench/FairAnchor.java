package dev.sluice.bench;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.dsl.model.Verdict;
import dev.sluice.runtime.TestRunRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The fair anchor: filters 1-7 of the side-by-side written in C with the language's full packet
 * semantics ({@code bench/c/full}), compiled by clang -O2 -mcpu=v3. Each is checked against
 * Sluice's interpreter on every {@link EdgeFrames} frame (kernel verdicts of both sides), then its
 * slots and verifier-processed instructions are set beside Sluice's.
 * Run: {@code java -cp bench/target/benchmarks.jar dev.sluice.bench.FairAnchor} (root, clang, libbpf-dev).
 */
public final class FairAnchor {
    private FairAnchor() {}

    /** A side-by-side filter and its full-semantics C (file under bench/c, function). */
    record Fair(SideBySide.Filter filter, String cFile, String function) {
        /** The side-by-side filter with the fair C in place of the one-tag C. */
        SideBySide.Filter asC() {
            return new SideBySide.Filter(filter.number(), filter.title(), filter.sluice(), cFile, null, function, o -> {},
                    filter.timed(), filter.checked());
        }
    }

    /** What one filter measured: both sides' sizes, and every frame where a side left the interpreter. */
    record Measured(Fair fair, int sluiceSlots, int sluiceProcessed, int cSlots, int cProcessed, int frames, List<String> disagreements) {}

    static final String[][] FILES = {
        {"full/f1_tcp22.c", "tcp22_full"}, {"full/f2_tcp22_unless_10.c", "tcp22_unless_full"},
        {"full/f3_udp_ports.c", "udp_ports_full"}, {"full/f4_syn_range.c", "syn_range_full"},
        {"full/f5_16_cidrs.c", "cidrs16_full"}, {"full/f6_ip6_tcp443.c", "ip6_tcp443_full"},
        {"full/f7_count_proto.c", "count_proto_full"},
    };

    static List<Fair> filters() {
        List<Fair> out = new ArrayList<>();
        for (SideBySide.Filter f : SideBySide.filters()) {
            if (f.number() >= 1 && f.number() <= FILES.length) out.add(new Fair(f, FILES[f.number() - 1][0], FILES[f.number() - 1][1]));
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        Path cDir = Path.of(args.length > 0 ? args[0] : "bench/c");
        Path work = Path.of("bench/target/fair-anchor");
        List<Measured> rows = new ArrayList<>();
        for (Fair f : filters()) rows.add(measure(f, cDir, work, "clang"));
        System.out.print(markdown(rows));
    }

    /** Loads both sides (the C by clang -O2 -mcpu=v3), runs every edge frame through both and the interpreter. */
    static Measured measure(Fair fair, Path cDir, Path work, String clang) throws Exception {
        Files.createDirectories(work.resolve(fair.cFile()).getParent());
        CompiledProgram compiled = SluiceCompiler.compile(fair.filter().sluice());
        SideBySide.Side sluice = SideBySide.sluice(fair.filter());
        try (AutoCloseable sluiceOwner = sluice.owner()) {
            SideBySide.Side c = SideBySide.clang(fair.asC(), cDir, work, clang, true);
            try (AutoCloseable cOwner = c.owner()) {
                List<String> disagreements = new ArrayList<>();
                List<EdgeFrames.Edge> frames = EdgeFrames.all();
                for (EdgeFrames.Edge e : frames) {
                    int expected = code(compiled.interpret(e.frame()));
                    for (SideBySide.Side side : new SideBySide.Side[] {sluice, c}) {
                        int got = side.program().testRun(TestRunRequest.of(e.frame())).retval();
                        if (got != expected) {
                            disagreements.add(String.format("filter %d, %s on %s: %s, the interpreter %s", fair.filter().number(),
                                    side.label(), e.label(), SideBySide.verdict(got), SideBySide.verdict(expected)));
                        }
                    }
                }
                return new Measured(fair, sluice.slots(), sluice.processed(), c.slots(), c.processed(), frames.size(), disagreements);
            }
        }
    }

    static int code(Verdict v) {
        return v instanceof Verdict.Drop ? SideBySide.XDP_DROP : v instanceof Verdict.Pass ? SideBySide.XDP_PASS : -1;
    }

    static String markdown(List<Measured> rows) {
        StringBuilder out = new StringBuilder("Size and verifier work against the full-semantics C (ratio: Sluice / clang -O2 -mcpu=v3;"
                + " targets at most 0.90 and 0.60):\n\n| # | filter | slots Sluice | fair C | ratio | processed Sluice | fair C | ratio | frames checked |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        List<String> disagreements = new ArrayList<>();
        for (Measured m : rows) {
            out.append(String.format(Locale.ROOT, "| %d | %s | %d | %d | %.2f | %d | %d | %.2f | %d |%n", m.fair().filter().number(),
                    m.fair().filter().title(), m.sluiceSlots(), m.cSlots(), (double) m.sluiceSlots() / m.cSlots(), m.sluiceProcessed(),
                    m.cProcessed(), (double) m.sluiceProcessed() / m.cProcessed(), m.frames()));
            disagreements.addAll(m.disagreements());
        }
        out.append(disagreements.isEmpty() ? "\nVerdicts: Sluice (kernel) and the fair C agree with the interpreter on every frame.\n"
                : "\nDISAGREEMENTS:\n" + String.join("\n", disagreements) + "\n");
        return out.toString();
    }
}
