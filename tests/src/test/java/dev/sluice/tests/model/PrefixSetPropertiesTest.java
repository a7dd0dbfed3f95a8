package dev.sluice.tests.model;

import static dev.sluice.dsl.Sluice.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.InterpretedProgram;
import dev.sluice.compiler.RunningSet;
import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.dsl.model.NamedSet;
import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.Verdict;
import dev.sluice.runtime.Kernel;
import dev.sluice.runtime.LiveSet;
import dev.sluice.runtime.LoadedProgram;
import dev.sluice.testing.FrameBuilder;
import dev.sluice.testing.KernelTests;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * A named set of IPv4 prefixes (a three-level directory beside a hash) changed while the program
 * runs: after every add and removal, the kernel's and the interpreter's verdicts on addresses at
 * and around every prefix's edges equal a plain-Java "some member covers it". Lengths include /0,
 * /1, /15, /16, /17, /31 and /32; members overlap (several bases, short prefixes over longer ones)
 * and removals take out covering prefixes. An IPv6 member rides along: ip6.* sees only it. Each
 * program is loaded, so the verifier accepts every one. About 15 s (25 tries, up to ~1,500 runs each in the kernel and as many interpreted).
 */
class PrefixSetPropertiesTest {
    static final AtomicLong CHECKED = new AtomicLong(), MATCHED = new AtomicLong(), REMOVED = new AtomicLong();
    private static final int[] BASES = {0xc6120000, 0xc613ff00, 0x0a010000, 0x0a01ff80, 0x0a010200, 0x80000000};
    private static final int[] LENGTHS = {0, 1, 8, 15, 16, 17, 23, 24, 31, 32};

    /** A member: address (masked) and length. */
    record Prefix(int address, int length) {
        static Prefix of(int address, int length) {
            return new Prefix(address & mask(length), length);
        }

        String text() {
            String a = ((address >>> 24) & 255) + "." + ((address >>> 16) & 255) + "." + ((address >>> 8) & 255) + "." + (address & 255);
            return length == 32 && (address & 1) == 0 ? a : a + "/" + length;
        }

        boolean covers(int a) {
            return (a & mask(length)) == address;
        }

        static int mask(int length) {
            return length == 0 ? 0 : -1 << (32 - length);
        }
    }

    /** One change: add or remove {@code pool}'s member {@code index}. */
    record Change(boolean add, int index) {}

    record Case(List<Prefix> pool, int initial, List<Change> changes) {}

    @AfterContainer
    static void enoughRan() {
        if (KernelTests.bpfUnavailable().isPresent()) return; // skipped with the stated reason
        assertTrue(CHECKED.get() >= 25 * 100, "verdicts checked " + CHECKED.get());
        assertTrue(MATCHED.get() > CHECKED.get() / 10 && MATCHED.get() < CHECKED.get() * 9 / 10, "members " + MATCHED.get());
        assertTrue(REMOVED.get() >= 10, "removals of a present member " + REMOVED.get());
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Prefix> prefix = Combinators.combine(Arbitraries.integers().between(0, BASES.length), Arbitraries.integers(),
                Arbitraries.frequency(net.jqwik.api.Tuple.of(1, -1), net.jqwik.api.Tuple.of(6, 0)), Arbitraries.integers().between(0, 32),
                Arbitraries.integers().between(0, LENGTHS.length - 1))
                .as((base, noise, kind, anyLength, listed) -> {
                    int length = kind < 0 ? anyLength : LENGTHS[listed];
                    // /0 now and then; most members under a few bases so that they overlap.
                    if (length == 0 && (noise & 7) != 0) length = 24;
                    int address = base == BASES.length ? noise : BASES[base] ^ (noise & 0x3ff);
                    return Prefix.of(address, length);
                });
        Arbitrary<List<Prefix>> pool = prefix.list().ofMinSize(2).ofMaxSize(12).uniqueElements();
        return pool.flatMap(p -> Combinators.combine(Arbitraries.integers().between(1, Math.max(1, p.size() / 2)),
                Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(0, p.size() - 1)).as(Change::new)
                        .list().ofMinSize(1).ofMaxSize(12))
                .as((initial, changes) -> new Case(p, initial, changes)));
    }

    @Property(tries = 25)
    void kernelAndInterpreterAgreeWithTheReference(@ForAll("cases") Case c) {
        KernelTests.requireBpf();
        List<Prefix> initial = c.pool().subList(0, c.initial());
        List<String> texts = new ArrayList<>(initial.stream().map(Prefix::text).toList());
        texts.add("2001:db8::/32");
        NamedSet nets = set("nets", texts.toArray(String[]::new));
        Program p = xdp().when(ip().src().in(nets).or(ip6().src().in(nets))).drop();
        CompiledProgram compiled = SluiceCompiler.compile(p);
        InterpretedProgram interpreter = compiled.interpreter();
        List<Integer> probes = probes(c.pool());
        Set<Prefix> members = new LinkedHashSet<>(initial);
        try (LoadedProgram kernel = Kernel.load(compiled)) {
            LiveSet live = kernel.set("nets");
            RunningSet interpreted = interpreter.set("nets");
            check(kernel, interpreter, probes, members, "at load");
            for (Change change : c.changes()) {
                Prefix m = c.pool().get(change.index());
                if (change.add()) {
                    live.add(m.text());
                    interpreted.add(m.text());
                    members.add(m);
                } else {
                    if (members.contains(m)) REMOVED.incrementAndGet();
                    live.remove(m.text());
                    interpreted.remove(m.text());
                    members.remove(m);
                }
                check(kernel, interpreter, probes, members, (change.add() ? "after adding " : "after removing ") + m.text());
            }
            byte[] v6In = FrameBuilder.ethernet().ipv6("2001:db8::7", "2001:db9::1").udp(5000, 53).build();
            byte[] v6Out = FrameBuilder.ethernet().ipv6("2001:db9::7", "2001:db8::1").udp(5000, 53).build();
            assertEquals(new Verdict.Drop(), kernel.run(v6In));
            assertEquals(new Verdict.Pass(), kernel.run(v6Out));
            assertEquals(new Verdict.Drop(), interpreter.run(v6In));
            assertEquals(new Verdict.Pass(), interpreter.run(v6Out));
        }
    }

    private static void check(LoadedProgram kernel, InterpretedProgram interpreter, List<Integer> probes, Set<Prefix> members, String when) {
        for (int a : probes) {
            boolean in = members.stream().anyMatch(m -> m.covers(a));
            Verdict expected = in ? new Verdict.Drop() : new Verdict.Pass();
            byte[] frame = udpFrom(a);
            String what = Prefix.of(a, 32).text() + " " + when + ", members " + new TreeSet<>(members.stream().map(Prefix::text).toList());
            assertEquals(expected, kernel.run(frame), "kernel: " + what);
            assertEquals(expected, interpreter.run(frame), "interpreter: " + what);
            CHECKED.incrementAndGet();
            if (in) MATCHED.incrementAndGet();
        }
    }

    /** Each prefix's first and last address, the addresses just outside them, and one inside at random. */
    private static List<Integer> probes(List<Prefix> pool) {
        Random random = new Random(pool.hashCode());
        Set<Integer> out = new LinkedHashSet<>();
        for (Prefix m : pool) {
            int last = m.address() | ~Prefix.mask(m.length());
            out.add(m.address());
            out.add(last);
            out.add(m.address() - 1);
            out.add(last + 1);
            out.add(m.address() | (random.nextInt() & ~Prefix.mask(m.length())));
        }
        out.add(random.nextInt());
        return new ArrayList<>(out);
    }

    private static byte[] udpFrom(int a) {
        byte[] f = FrameBuilder.ethernet().ipv4("10.1.2.3", "198.18.0.1").udp(5000, 53).payload(new byte[4]).build();
        java.nio.ByteBuffer.wrap(f).putInt(26, a);
        return f;
    }
}
