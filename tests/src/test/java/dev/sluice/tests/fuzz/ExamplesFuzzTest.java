package dev.sluice.tests.fuzz;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.cli.rules.LoadedRules;
import dev.sluice.cli.rules.RuleSource;
import dev.sluice.dsl.model.Program;
import dev.sluice.testing.Agreement;
import dev.sluice.testing.Comparison;
import dev.sluice.testing.Frames;
import dev.sluice.testing.KernelTest;
import dev.sluice.testing.ProgramRuns;
import dev.sluice.testing.RunOutcome;
import dev.sluice.testing.Shrinking;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every packet program of the examples (examples/*.ebpf, examples/Firewall.java and the firewall of
 * examples/testing) on 100,000 random frames of the testing kit (valid and malformed, tagged,
 * fragmented, cut short, biased toward the examples' constants), in the interpreter and through
 * BPF_PROG_TEST_RUN: the same verdict on every frame the kernel takes, the same counters at the end.
 * Prints the counts and the time per frame (docs/TESTING.md quotes them).
 */
class ExamplesFuzzTest {
    static final Path EXAMPLES = Path.of("..", "examples");
    static final int FRAMES = 100_000;
    static final int BATCH = 1000;

    @Test
    @KernelTest
    void interpreterAndKernelAgreeOnEveryExampleProgram() throws Exception {
        long seed = Long.getLong("sluice.fuzz.seed", new SecureRandom().nextLong());
        List<Example> examples = packetPrograms();
        List<Program> programs = examples.stream().map(Example::program).toList();
        assertTrue(programs.size() >= 5, "the examples' packet programs: " + programs.size());
        List<Agreement> loaded = new ArrayList<>();
        List<Map<String, Integer>> outcomes = new ArrayList<>();
        int[] disagreed = new int[programs.size()];
        List<String> disagreements = new ArrayList<>();
        long drawing = 0;
        long running = 0;
        try {
            for (Program p : programs) {
                loaded.add(Agreement.of(ProgramRuns.compile(p)));
                outcomes.add(new TreeMap<>());
            }
            // Frames are drawn once, biased toward all the programs' constants, and every program runs each.
            Shrinking draw = Shrinking.draw(Frames.biasedToward(programs), seed);
            for (int done = 0; done < FRAMES; done += BATCH) {
                long t0 = System.nanoTime();
                List<Shrinking.Drawn> frames = draw.next(BATCH);
                long t1 = System.nanoTime();
                for (int i = 0; i < loaded.size(); i++) {
                    Agreement both = loaded.get(i);
                    for (Shrinking.Drawn d : frames) {
                        Comparison c = both.compare(d.frame());
                        outcomes.get(i).merge(c.kernel() instanceof RunOutcome.Refused ? "refused" : c.kernel().describe(), 1, Integer::sum);
                        if (c.agrees() || disagreed[i]++ > 0) continue;
                        Comparison smallest = both.compare(d.smallest(f -> !both.compare(f).agrees()));
                        disagreements.add(programs.get(i).name().orElse("?") + " (seed " + seed + "): " + smallest.describe());
                    }
                }
                drawing += t1 - t0;
                running += System.nanoTime() - t1;
            }
            for (Agreement both : loaded) both.assertCountersAgree();
        } finally {
            for (Agreement both : loaded) both.close();
        }
        for (int i = 0; i < programs.size(); i++) {
            System.out.printf("fuzz %s %s: %d frames, %s, %d disagreements%n", EXAMPLES.relativize(examples.get(i).file()),
                    programs.get(i).name().orElse("?"), FRAMES, outcomes.get(i), disagreed[i]);
        }
        System.out.printf("fuzz seed %d: drawing %.1f us/frame; interpreter and kernel %.1f us per frame and program%n",
                seed, drawing / 1e3 / FRAMES, running / 1e3 / FRAMES / programs.size());
        assertEquals(List.of(), disagreements);
    }

    /** A packet program of an example file. */
    record Example(Path file, Program program) {}

    /** The packet programs of every example file that has them, each file's as its reader gives them. */
    static List<Example> packetPrograms() throws IOException, RuleSource.Unreadable {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            s.filter(f -> f.toString().endsWith(".ebpf") || f.toString().endsWith(".java")).sorted().forEach(files::add);
        }
        files.add(EXAMPLES.resolve("testing/src/main/java/dev/sluice/examples/Firewall.java"));
        List<Example> out = new ArrayList<>();
        for (Path f : files) {
            LoadedRules rules = RuleSource.load(f);
            assertTrue(rules.ok(), f + ": " + rules.diagnostics());
            rules.programs().stream().filter(p -> ProgramRuns.runsOnFrames(p.hook())).forEach(p -> out.add(new Example(f, p)));
        }
        return out;
    }
}
