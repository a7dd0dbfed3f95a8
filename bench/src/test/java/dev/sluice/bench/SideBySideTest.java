package dev.sluice.bench;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.dsl.model.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The side-by-side filters without kernel or clang: the verdicts the harness expects are Sluice's interpreter's. */
class SideBySideTest {
    @Test
    void expectedVerdictsAreTheInterpretersOnEveryFrame() {
        List<String> wrong = new ArrayList<>();
        int frames = 0;
        for (SideBySide.Filter f : SideBySide.filters()) {
            CompiledProgram compiled = SluiceCompiler.compile(f.sluice());
            List<SideBySide.Packet> all = new ArrayList<>(f.timed());
            all.addAll(f.checked());
            for (SideBySide.Packet p : all) {
                frames++;
                Verdict v = compiled.interpret(p.frame());
                int code = v instanceof Verdict.Drop ? SideBySide.XDP_DROP : v instanceof Verdict.Pass ? SideBySide.XDP_PASS : -1;
                if (code != p.expected()) wrong.add("filter " + f.number() + " " + p.label() + ": " + v);
            }
        }
        assertEquals(List.of(), wrong);
        assertEquals(62, frames); // ten filters
    }

    @Test
    void generatedDataIsDistinctAndStaysAwayFromTheOutsideAddress() {
        List<int[]> prefixes = SideBySide.prefixes(10_000, 8);
        assertEquals(10_000, prefixes.size());
        int outside = 93 << 24 | 184 << 16 | 216 << 8 | 34;
        for (int[] p : prefixes) assertNotEquals(p[0] & SideBySide.mask(p[1]), outside & SideBySide.mask(p[1]));
        List<Integer> addresses = SideBySide.addresses(1_000, 9);
        assertEquals(1_000, addresses.stream().distinct().count());
        String c = SideBySide.switchSource(addresses);
        assertEquals(1_000, c.split("\n    case 0x", -1).length - 1);
    }
}
