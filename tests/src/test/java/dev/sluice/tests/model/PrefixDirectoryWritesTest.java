package dev.sluice.tests.model;

import static dev.sluice.dsl.Sluice.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.InterpretedProgram;
import dev.sluice.compiler.RunningSet;
import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.compiler.image.MapRole.SetDirectory.Level;
import dev.sluice.compiler.image.PrefixDirectory;
import dev.sluice.compiler.interp.InterpMap;
import dev.sluice.dsl.model.Verdict;
import dev.sluice.testing.FrameBuilder;
import dev.sluice.tests.model.PrefixSetPropertiesTest.Prefix;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The directory of an IPv4 prefix set kept by its run-time writers, in the interpreter (the
 * kernel's maps take the same writes, PrefixSetPropertiesTest): after every change the verdicts
 * equal "some member covers it", every block in use is reached from exactly one entry, every block
 * handed out is in use or on its free list, and a block is in use exactly where the members need
 * one (a /16 with two longer members, a /24 with a member longer than /24 under such a /16).
 */
class PrefixDirectoryWritesTest {
    private static final String SET_MAP = "nets_ip_src";

    record Change(boolean add, int index) {}

    record Case(List<Prefix> pool, List<Change> changes) {}

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Prefix> prefix = Combinators.combine(Arbitraries.integers().between(0, 1), Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 255), Arbitraries.frequency(net.jqwik.api.Tuple.of(1, 8),
                        net.jqwik.api.Tuple.of(1, 16), net.jqwik.api.Tuple.of(8, 17 + 0), net.jqwik.api.Tuple.of(30, 24 + 1)),
                Arbitraries.integers().between(0, 7))
                .as((net, third, low, base, extra) -> Prefix.of(0x0a010000 + (net << 16) + (third << 8) + low,
                        base <= 16 ? base : Math.min(32, base + extra)));
        Arbitrary<List<Prefix>> pool = prefix.list().ofMinSize(2).ofMaxSize(16).uniqueElements();
        return pool.flatMap(p -> Combinators.combine(Arbitraries.of(true, true, false), Arbitraries.integers().between(0, p.size() - 1))
                .as(Change::new).list().ofMinSize(5).ofMaxSize(40).map(changes -> new Case(p, changes)));
    }

    @Property(tries = 150)
    void verdictsAndBlocksFollowTheMembers(@ForAll("cases") Case c) {
        InterpretedProgram program = program(c.pool().get(0));
        RunningSet set = program.set("nets");
        Set<Prefix> members = new LinkedHashSet<>(List.of(c.pool().get(0)));
        List<Integer> probes = probes(c.pool());
        for (Change change : c.changes()) {
            Prefix m = c.pool().get(change.index());
            if (change.add()) {
                set.add(m.text());
                members.add(m);
            } else {
                set.remove(m.text());
                members.remove(m);
            }
            String when = (change.add() ? "after adding " : "after removing ") + m.text() + ", members " + members;
            for (int a : probes) {
                boolean in = members.stream().anyMatch(x -> x.covers(a));
                assertEquals(in ? new Verdict.Drop() : new Verdict.Pass(), program.run(udpFrom(a)), Prefix.of(a, 32).text() + " " + when);
            }
            new Directory(program).assertFollows(members, c.pool(), when);
        }
    }

    @Test
    void aSetFullOfMembersThatEachNeedABlockHasThemAll() {
        // 1,024 members (the set's room): /32s in pairs under 512 /16s, each in its own /24, so that every
        // pair takes a middle block and every member a bottom block, the most the directory is sized for.
        List<Prefix> all = new ArrayList<>();
        for (int i = 0; i < 512; i++) {
            all.add(Prefix.of(0x14000000 + (i << 16) + 0x0101, 32));
            all.add(Prefix.of(0x14000000 + (i << 16) + 0x0202, 32));
        }
        InterpretedProgram program = program(all.get(0));
        RunningSet set = program.set("nets");
        all.subList(1, all.size()).forEach(m -> set.add(m.text()));
        Directory d = new Directory(program);
        d.assertFollows(new LinkedHashSet<>(all), all, "full");
        assertEquals(512, d.word(PrefixDirectory.MIDDLE_HANDED_OUT));
        assertEquals(1_024, d.word(PrefixDirectory.BOTTOM_HANDED_OUT));
        for (Prefix m : all) assertEquals(new Verdict.Drop(), program.run(udpFrom(m.address())), m.text());
        assertEquals(new Verdict.Pass(), program.run(udpFrom(0x14000303)));
        // Emptied but for one member and filled again another way: the blocks come back from the free lists.
        all.subList(1, all.size()).forEach(m -> set.remove(m.text()));
        d.assertFollows(Set.of(all.get(0)), all, "emptied");
        Set<Prefix> again = new LinkedHashSet<>(List.of(all.get(0)));
        for (int i = 0; i < 300; i++) {
            for (int k = 0; k < 3; k++) again.add(Prefix.of(0x28000000 + (i << 16) + (k << 8) + 0x80, 25 + k));
        }
        again.forEach(m -> set.add(m.text()));
        List<Prefix> seen = new ArrayList<>(all);
        seen.addAll(again);
        d.assertFollows(again, seen, "filled again");
        assertEquals(512, d.word(PrefixDirectory.MIDDLE_HANDED_OUT), "no middle block beyond the first 512");
        assertEquals(1_024, d.word(PrefixDirectory.BOTTOM_HANDED_OUT), "no bottom block beyond the first 1,024");
    }

    private static InterpretedProgram program(Prefix first) {
        return SluiceCompiler.compile(xdp().when(ip().src().in(set("nets", first.text()))).drop()).interpreter();
    }

    /** Each prefix's edges and the addresses just outside them, and the first and last of each /24 they lie in. */
    private static List<Integer> probes(List<Prefix> pool) {
        Set<Integer> out = new LinkedHashSet<>();
        for (Prefix m : pool) {
            int last = m.address() | ~Prefix.mask(m.length());
            for (int a : new int[] {m.address(), last, m.address() - 1, last + 1, m.address() & 0xffffff00, m.address() | 0xff}) out.add(a);
        }
        return new ArrayList<>(out);
    }

    private static byte[] udpFrom(int a) {
        byte[] f = FrameBuilder.ethernet().ipv4("10.1.2.3", "198.18.0.1").udp(5000, 53).payload(new byte[4]).build();
        ByteBuffer.wrap(f).putInt(26, a);
        return f;
    }

    /** The three arrays of the set's directory, read from the interpreter's maps. */
    private record Directory(InterpMap top, InterpMap middle, InterpMap bottom) {
        Directory(InterpretedProgram p) {
            this(p.maps().get(p.image().maps().directoryOf(SET_MAP, Level.TOP).orElseThrow().index()),
                    p.maps().get(p.image().maps().directoryOf(SET_MAP, Level.MIDDLE).orElseThrow().index()),
                    p.maps().get(p.image().maps().directoryOf(SET_MAP, Level.BOTTOM).orElseThrow().index()));
        }

        long word(int index) {
            return PrefixDirectory.entry(bottom.get(PrefixDirectory.key(index)).orElseThrow());
        }

        int middleEntry(int block, int third) {
            long element = PrefixDirectory.entry(middle.get(PrefixDirectory.key(PrefixDirectory.middleElement(block, third))).orElseThrow());
            return (int) (element >>> PrefixDirectory.middleShift(third));
        }

        /**
         * Checks the blocks against {@code members}, reading the top entries of the /16s of every
         * member {@code seen} so far (a block reached from any other /16 shows as lost).
         */
        void assertFollows(Set<Prefix> members, List<Prefix> seen, String when) {
            Set<Integer> middles = new HashSet<>();
            Set<Integer> bottoms = new HashSet<>();
            for (int slash16 : new java.util.TreeSet<>(seen.stream().map(m -> m.address() >>> 16).toList())) {
                long e = PrefixDirectory.entry(top.get(PrefixDirectory.key(slash16)).orElseThrow());
                int s16 = slash16;
                long longer = members.stream().filter(m -> m.length() > 16 && m.address() >>> 16 == s16).count();
                assertEquals(longer >= 2, (e & PrefixDirectory.BLOCKED) != 0, "a block for /16 " + s16 + " " + when);
                if ((e & PrefixDirectory.BLOCKED) == 0) continue;
                int block = (int) (e & PrefixDirectory.INDEX);
                assertTrue(middles.add(block), "middle block " + block + " reached twice " + when);
                for (int third = 0; third < PrefixDirectory.BLOCK; third++) {
                    int f = middleEntry(block, third);
                    int t = third;
                    boolean needs = members.stream().anyMatch(m -> m.length() > 24 && m.address() >>> 8 == (s16 << 8 | t));
                    assertEquals(needs, (f & PrefixDirectory.BLOCKED) != 0, "a bottom block for /24 " + s16 + "." + t + " " + when);
                    if ((f & PrefixDirectory.BLOCKED) != 0) {
                        int c = f & PrefixDirectory.INDEX;
                        assertTrue(c >= 1 && bottoms.add(c), "bottom block " + c + " reached twice or block 0 " + when);
                    }
                }
            }
            Set<Integer> freeMiddles = freeList(PrefixDirectory.MIDDLE_FREE, b -> middleEntry(b, 0));
            Set<Integer> freeBottoms = freeList(PrefixDirectory.BOTTOM_FREE, b -> word(b * PrefixDirectory.WORDS));
            Set<Integer> handedMiddles = new HashSet<>(middles);
            handedMiddles.addAll(freeMiddles);
            assertEquals(middles.size() + freeMiddles.size(), handedMiddles.size(), "a free middle block in use " + when);
            assertEquals(word(PrefixDirectory.MIDDLE_HANDED_OUT), handedMiddles.size(), "middle blocks lost " + when);
            Set<Integer> handedBottoms = new HashSet<>(bottoms);
            handedBottoms.addAll(freeBottoms);
            assertEquals(bottoms.size() + freeBottoms.size(), handedBottoms.size(), "a free bottom block in use " + when);
            assertEquals(word(PrefixDirectory.BOTTOM_HANDED_OUT), handedBottoms.size(), "bottom blocks lost " + when);
        }

        private Set<Integer> freeList(int head, java.util.function.IntToLongFunction next) {
            Set<Integer> out = new HashSet<>();
            for (long link = word(head); link != 0; link = next.applyAsLong((int) link - 1)) {
                assertTrue(out.add((int) link - 1), "a free list runs in a circle");
            }
            return out;
        }
    }
}
