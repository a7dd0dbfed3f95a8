package dev.sluice.bench;

import static dev.sluice.dsl.Sluice.*;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.runtime.Kernel;
import dev.sluice.runtime.LiveSet;
import dev.sluice.runtime.LoadedProgram;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What filter 8's named set of 10,000 prefixes costs to set up and to change while it runs: the
 * compile, the load (creating and filling its maps), run-time adds through {@code LoadedProgram.set}
 * (/24s under five /16s that hold a middle block, then /32s each needing a new bottom block) and
 * removals, three rounds so that the last ones run JIT-compiled. Run: {@code java -cp
 * bench/target/benchmarks.jar dev.sluice.bench.SetChangeCost}.
 */
public final class SetChangeCost {
    private SetChangeCost() {}

    public static void main(String[] args) {
        List<String> members = SideBySide.prefixes(10_000, 8).stream().map(SideBySide::cidr).toList();
        for (int round = 1; round <= 3; round++) {
            long t0 = System.nanoTime();
            CompiledProgram compiled = SluiceCompiler.compile(xdp().when(ip().src().in(set("nets", members.toArray(String[]::new)))).drop());
            long t1 = System.nanoTime();
            try (LoadedProgram loaded = Kernel.load(compiled)) {
                long t2 = System.nanoTime();
                LiveSet set = loaded.set("nets");
                List<String> wide = new ArrayList<>();
                List<String> narrow = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    wide.add("200." + (i / 100) + "." + (i % 100) + ".0/24");
                    narrow.add("201." + (i / 100) + "." + (i % 100) + ".1");
                }
                long t3 = System.nanoTime();
                wide.forEach(set::add);
                long t4 = System.nanoTime();
                narrow.forEach(set::add);
                long t5 = System.nanoTime();
                for (int i = 0; i < 50; i++) set.remove(wide.get(i));
                long t6 = System.nanoTime();
                System.out.printf(Locale.ROOT, "round %d: compile %.0f ms, load %.0f ms, add a /24 under a /16 with a block %.1f us,"
                        + " add a /32 with a new bottom block %.1f us, remove one of %,d members %.2f ms%n", round, (t1 - t0) / 1e6,
                        (t2 - t1) / 1e6, (t4 - t3) / 500e3, (t5 - t4) / 500e3, members.size() + 1_000, (t6 - t5) / 50e6);
            }
        }
    }
}
