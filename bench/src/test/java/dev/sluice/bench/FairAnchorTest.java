package dev.sluice.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fair anchor's C (bench/c/full), compiled by clang -O2 -mcpu=v3 and run by the kernel
 * (BPF_PROG_TEST_RUN), gives Sluice's interpreter's verdict on every edge frame (tags, options,
 * extension headers, fragments, cuts), and so does Sluice's own program in the kernel. Needs root
 * and clang with libbpf-dev (a bench tool only); with SLUICE_KERNEL_TESTS=require it runs or fails.
 */
class FairAnchorTest {
    @TempDir
    Path work;

    @Test
    void fullSemanticsCAgreesWithTheInterpreterOnEveryEdgeFrame() throws Exception {
        boolean required = "require".equals(System.getenv("SLUICE_KERNEL_TESTS"));
        boolean tools = Files.isExecutable(Path.of("/usr/bin/clang")) && Files.exists(Path.of("/usr/include/bpf/bpf_helpers.h"))
                && "root".equals(System.getProperty("user.name"));
        Assumptions.assumeTrue(required || tools, "needs root, clang and libbpf-dev (SLUICE_KERNEL_TESTS=require to insist)");
        Path cDir = Path.of(System.getProperty("user.dir")).resolve("c");
        List<String> disagreements = new ArrayList<>();
        int filters = 0;
        for (FairAnchor.Fair f : FairAnchor.filters()) {
            FairAnchor.Measured m = FairAnchor.measure(f, cDir, work, "clang");
            disagreements.addAll(m.disagreements());
            assertTrue(m.cSlots() > 0 && m.cProcessed() > 0, f.cFile());
            filters++;
        }
        assertEquals(7, filters);
        assertEquals(List.of(), disagreements);
    }

    @Test
    void edgeFramesCoverEveryCaseForEachProtocol() {
        List<EdgeFrames.Edge> frames = EdgeFrames.all();
        assertEquals(3 * 4 * 21 + 3, frames.size());
        assertEquals(14 + 40 + 8 + 10, frames.stream().filter(e -> e.label().equals("IPv6 extension cut tcp/22 from 10.1.2.3"))
                .findFirst().orElseThrow().frame().length);
    }
}
