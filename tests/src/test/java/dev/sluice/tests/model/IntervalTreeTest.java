package dev.sluice.tests.model;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.testing.FrameBuilder;
import dev.sluice.testing.KernelTests;
import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.compiler.InterpretedProgram;
import dev.sluice.compiler.isa.Disassembler;
import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.Hook;
import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.Statement;
import dev.sluice.dsl.model.Verdict;
import dev.sluice.runtime.Kernel;
import dev.sluice.runtime.LoadedProgram;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Inline sets larger than a comparison chain compile to a tree of comparisons: membership is
 * exact at every boundary, for addresses near 0 and 2^32 - 1, single values, CIDRs and ranges.
 */
class IntervalTreeTest {

    @Provide
    Arbitrary<List<Long>> addresses() {
        Arbitrary<Long> edge = Arbitraries.of(0L, 1L, 0x7fffffffL, 0x80000000L, 0xfffffffeL, 0xffffffffL, 0x0a000000L, 0x0affffffL);
        Arbitrary<Long> any = Arbitraries.longs().between(0, 0xffffffffL);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, edge), net.jqwik.api.Tuple.of(3, any)).list().ofMinSize(9).ofMaxSize(60);
    }

    @Provide
    Arbitrary<List<Integer>> prefixes() {
        return Arbitraries.integers().between(0, 32).list().ofMinSize(9).ofMaxSize(60);
    }

    @Property(tries = 200)
    void treeMembershipIsExact(@ForAll("addresses") List<Long> values, @ForAll("prefixes") List<Integer> bits) {
        List<Expr> members = new ArrayList<>();
        List<long[]> covered = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            long v = values.get(i);
            int b = bits.get(i % bits.size());
            if (i % 3 == 0) {
                long mask = b == 0 ? 0 : (0xffffffffL << (32 - b)) & 0xffffffffL;
                members.add(new Expr.Cidr(false, v & mask, 0, b, RandomRules.AT));
                covered.add(new long[] {v & mask, (v & mask) | (~mask & 0xffffffffL)});
            } else {
                members.add(new Expr.Ipv4(v, RandomRules.AT));
                covered.add(new long[] {v, v});
            }
        }
        Program program = Program.of(new Hook.Xdp(), Optional.empty(), List.of(new Statement.When(
                new Expr.In(new Expr.Field("ip.src", RandomRules.AT), new Expr.SetRef.Inline(members), false, RandomRules.AT),
                List.of(new Statement.Return(new Verdict.Drop(), RandomRules.AT)), RandomRules.AT)), List.of(), RandomRules.AT);
        CompiledProgram compiled = SluiceCompiler.compile(program);
        assertTrue(compiled.maps().size() == 1, "no set map: the set is a comparison tree");
        InterpretedProgram interpreter = compiled.interpreter();
        List<Long> probes = new ArrayList<>();
        for (long[] c : covered) {
            for (long p : new long[] {c[0] - 1, c[0], c[1], c[1] + 1}) if (p >= 0 && p <= 0xffffffffL) probes.add(p);
        }
        for (long probe : probes) {
            boolean member = covered.stream().anyMatch(c -> probe >= c[0] && probe <= c[1]);
            Verdict want = member ? new Verdict.Drop() : new Verdict.Pass();
            assertEquals(want, interpreter.run(frame(probe)), () -> Long.toHexString(probe) + "\n" + Disassembler.listing(compiled.code()));
        }
    }

    @Property(tries = 20)
    void theKernelAgrees(@ForAll("addresses") List<Long> values) {
        KernelTests.requireBpf();
        List<Expr> members = values.stream().map(v -> (Expr) new Expr.Ipv4(v, RandomRules.AT)).toList();
        Program program = Program.of(new Hook.Xdp(), Optional.empty(), List.of(new Statement.When(
                new Expr.In(new Expr.Field("ip.src", RandomRules.AT), new Expr.SetRef.Inline(members), false, RandomRules.AT),
                List.of(new Statement.Return(new Verdict.Drop(), RandomRules.AT)), RandomRules.AT)), List.of(), RandomRules.AT);
        try (LoadedProgram loaded = Kernel.load(SluiceCompiler.compile(program))) {
            for (long v : values) {
                for (long probe : new long[] {v - 1, v, v + 1}) {
                    if (probe < 0 || probe > 0xffffffffL) continue;
                    Verdict want = values.contains(probe) ? new Verdict.Drop() : new Verdict.Pass();
                    assertEquals(want, loaded.testRun(frame(probe)), Long.toHexString(probe));
                }
            }
        }
    }

    /** A run of rules `when ip.src == A { drop }` is merged into one set: a tree, not a thousand tests in a row. */
    @Property(tries = 5)
    void runsOfSingleAddressRulesAreMerged(@ForAll("manyAddresses") List<Long> values) {
        List<Statement> rules = new ArrayList<>();
        for (long v : values) {
            rules.add(new Statement.When(new Expr.Compare(Expr.CompareOp.EQ, new Expr.Field("ip.src", RandomRules.AT),
                    new Expr.Ipv4(v, RandomRules.AT), RandomRules.AT), List.of(new Statement.Return(new Verdict.Drop(), RandomRules.AT)), RandomRules.AT));
        }
        CompiledProgram compiled = SluiceCompiler.compile(Program.of(new Hook.Xdp(), Optional.empty(), rules, List.of(), RandomRules.AT));
        assertTrue(compiled.slots() < 2 * values.size(), compiled.slots() + " slots for " + values.size() + " rules");
        InterpretedProgram interpreter = compiled.interpreter();
        for (long v : values.subList(0, 50)) {
            assertEquals(new Verdict.Drop(), interpreter.run(frame(v)));
            if (!values.contains(v + 1) && v < 0xffffffffL) assertEquals(new Verdict.Pass(), interpreter.run(frame(v + 1)));
        }
    }

    @Provide
    Arbitrary<List<Long>> manyAddresses() {
        return Arbitraries.longs().between(0, 0xffffffffL).list().ofSize(1000).uniqueElements();
    }

    static byte[] frame(long source) {
        String from = (source >> 24 & 0xff) + "." + (source >> 16 & 0xff) + "." + (source >> 8 & 0xff) + "." + (source & 0xff);
        return FrameBuilder.ethernet().dst("00:00:00:00:00:00").src("00:00:00:00:00:00").ipv4(from, "198.18.0.1").udp(0, 0).build();
    }
}
