package dev.sluice.bench;

import dev.sluice.runtime.BpfMap;
import dev.sluice.runtime.BpfProgram;
import dev.sluice.runtime.TestRunRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Filter 8's 10,000 prefixes as an updatable set, three ways, ns/packet to a tenth (see
 * {@link NsPerPacket}): Sluice's named set (a three-level directory beside the members' hash), clang's
 * LPM trie (bench/c/f8_lpm_10000.c), and the same strategy written in C first to measure it
 * (bench/c/f8_hash_by_length.c, a bounded loop over 32 lengths). All three are checked on the timed frames
 * and on 2,000 random sources before timing, beside a floor (a program that only returns: the test
 * run's own loop, which every side pays and which is most of a frame's time on a host where it
 * costs 20 ns), so that the ratios are given whole and above it. Run: {@code java -cp bench/target/benchmarks.jar
 * dev.sluice.bench.PrefixSetStrategies [--rounds N] [--repeat N]}.
 */
public final class PrefixSetStrategies {
    private PrefixSetStrategies() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length >= 2 && args[0].equals("--rounds") ? Integer.parseInt(args[1]) : 11;
        int repeat = args.length >= 4 && args[2].equals("--repeat") ? Integer.parseInt(args[3]) : 2_000_000;
        SideBySide.Filter f8 = SideBySide.filters().stream().filter(f -> f.number() == 8).findFirst().orElseThrow();
        List<int[]> prefixes = SideBySide.prefixes(10_000, 8);
        SideBySide.Filter byLength = new SideBySide.Filter(8, f8.title(), f8.sluice(), "f8_hash_by_length.c", null, "hash_by_length",
                o -> fillByLength(o.map("lengths"), o.map("members"), prefixes), f8.timed(), f8.checked());
        Path cDir = Path.of("bench/c");
        Path work = Path.of("bench/target/prefix-sets");
        Files.createDirectories(work);
        SideBySide.Side sluice = SideBySide.sluice(f8);
        try (AutoCloseable s = sluice.owner()) {
            SideBySide.Side trie = SideBySide.clang(f8, cDir, work, "clang", true);
            try (AutoCloseable t = trie.owner()) {
                SideBySide.Side hashes = SideBySide.clang(byLength, cDir, work, "clang", true);
                try (AutoCloseable h = hashes.owner()) {
                    List<SideBySide.Side> sides = List.of(sluice, trie, hashes);
                    check(sides, f8, prefixes);
                    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "Filter 8 (10,000 prefixes as an updatable set),"
                            + " ns/packet (wall time / %,d repeats, minimum of %d rounds; floor: a program that only returns, the test"
                            + " run's own loop; \"above\": less the floor):%n%n| frame | Sluice named set | clang LPM trie"
                            + " | clang hash by length | floor | Sluice / trie | C hash by length / trie | Sluice / trie above"
                            + " | C / trie above |%n|---|---|---|---|---|---|---|---|---|%n", repeat, rounds));
                    List<SideBySide.Packet> timed = new ArrayList<>(f8.timed());
                    timed.add(probing(prefixes));
                    timed.add(deepest(prefixes));
                    try (BpfProgram floor = NsPerPacket.floor()) {
                        List<SideBySide.Side> withFloor = List.of(sluice, trie, hashes, new SideBySide.Side("floor", floor, 2, 2, floor));
                        for (SideBySide.Packet p : timed) {
                            double[] ns = NsPerPacket.time(withFloor, p.frame(), rounds, repeat);
                            out.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f | %.2f | %.2f |%n", p.label(),
                                    ns[0], ns[1], ns[2], ns[3], ns[0] / ns[1], ns[2] / ns[1], (ns[0] - ns[3]) / (ns[1] - ns[3]),
                                    (ns[2] - ns[3]) / (ns[1] - ns[3])));
                        }
                    }
                    out.append(String.format(Locale.ROOT, "%nslots / processed: Sluice %d / %d, trie %d / %d, hash by length %d / %d%n",
                            sluice.slots(), sluice.processed(), trie.slots(), trie.processed(), hashes.slots(), hashes.processed()));
                    System.out.print(out);
                }
            }
        }
    }

    /**
     * A match that the top of the directory cannot settle: a source under the shortest member of the /16
     * with the most members longer than /16. Before the middle and bottom arrays (2026-12-07) this
     * probed the hash from /32 down to that length; now it reads the middle array (and the bottom one
     * when the member is longer than /24).
     */
    static SideBySide.Packet probing(List<int[]> prefixes) {
        java.util.Map<Integer, List<int[]>> byTop = new java.util.HashMap<>();
        for (int[] p : prefixes) if (p[1] > 16) byTop.computeIfAbsent(p[0] >>> 16, k -> new ArrayList<>()).add(p);
        List<int[]> busiest = byTop.values().stream().max(java.util.Comparator.comparingInt(List::size)).orElseThrow();
        int[] shortest = busiest.stream().min(java.util.Comparator.comparingInt(p -> p[1])).orElseThrow();
        int a = shortest[0] | (0x5a5a5a5a & ~SideBySide.mask(shortest[1]));
        boolean longer = prefixes.stream().anyMatch(p -> p[1] > shortest[1] && (a & SideBySide.mask(p[1])) == p[0]);
        return SideBySide.p(String.format(Locale.ROOT, "match under the busiest /16 (/%d, %d members under it%s)", shortest[1], busiest.size(),
                longer ? ", a longer one covers it too" : ""), Frames.tcp4(SideBySide.dotted(a), SideBySide.SERVER, 80, Frames.ACK),
                SideBySide.XDP_DROP);
    }

    /**
     * The directory's longest path, all three arrays and the bit: a source no member covers, in a
     * /24 that holds a member longer than /24, under a /16 with several longer members.
     */
    static SideBySide.Packet deepest(List<int[]> prefixes) {
        java.util.Map<Integer, Integer> longerBy16 = new java.util.HashMap<>();
        for (int[] p : prefixes) if (p[1] > 16) longerBy16.merge(p[0] >>> 16, 1, Integer::sum);
        for (int[] p : prefixes) {
            if (p[1] <= 24 || longerBy16.get(p[0] >>> 16) < 2) continue;
            for (int low = 255; low >= 0; low--) {
                int a = (p[0] & 0xffffff00) | low;
                if (prefixes.stream().noneMatch(q -> (a & SideBySide.mask(q[1])) == q[0])) {
                    return SideBySide.p(String.format(Locale.ROOT, "miss beside a /%d (%d members under its /16)", p[1],
                            longerBy16.get(p[0] >>> 16)), Frames.tcp4(SideBySide.dotted(a), SideBySide.SERVER, 80, Frames.ACK),
                            SideBySide.XDP_PASS);
                }
            }
        }
        throw new IllegalStateException("no /24 with a member longer than /24 under a /16 with several longer members");
    }

    /** Every side gives the filter's verdict on its frames and on random sources (drop iff some prefix covers it). */
    static void check(List<SideBySide.Side> sides, SideBySide.Filter f8, List<int[]> prefixes) {
        List<SideBySide.Packet> frames = new ArrayList<>(f8.timed());
        frames.addAll(f8.checked());
        frames.add(probing(prefixes));
        frames.add(deepest(prefixes));
        Random random = new Random(1);
        for (int i = 0; i < 2_000; i++) {
            int a = i % 2 == 0 ? prefixes.get(random.nextInt(prefixes.size()))[0] ^ random.nextInt(1 << 12) : random.nextInt();
            boolean in = prefixes.stream().anyMatch(p -> (a & SideBySide.mask(p[1])) == p[0]);
            frames.add(SideBySide.p("from " + SideBySide.dotted(a), Frames.tcp4(SideBySide.dotted(a), SideBySide.SERVER, 80, Frames.ACK),
                    in ? SideBySide.XDP_DROP : SideBySide.XDP_PASS));
        }
        for (SideBySide.Packet p : frames) {
            for (SideBySide.Side s : sides) {
                int got = s.program().testRun(TestRunRequest.of(p.frame())).retval();
                if (got != p.expected()) throw new IllegalStateException(s.label() + " on " + p.label() + ": " + SideBySide.verdict(got));
            }
        }
    }

    /**
     * The /16 directory (present lengths, bit L-1 for length L, and the member itself where exactly
     * one covers the /16) and the (length, masked address) hash.
     */
    static void fillByLength(BpfMap directory, BpfMap members, List<int[]> prefixes) {
        int[] words = new int[65_536];
        int[] covering = new int[65_536];
        int[][] only = new int[65_536][];
        for (int[] p : prefixes) {
            int first = p[0] >>> 16;
            int count = p[1] >= 16 ? 1 : 1 << (16 - p[1]);
            for (int i = 0; i < count; i++) {
                words[first + i] |= 1 << (p[1] - 1);
                covering[first + i]++;
                only[first + i] = p;
            }
            byte[] key = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putInt(p[1]).order(ByteOrder.BIG_ENDIAN).putInt(p[0]).array();
            members.update(key, new byte[] {1});
        }
        for (int i = 0; i < words.length; i++) {
            if (words[i] == 0) continue;
            boolean one = covering[i] == 1;
            byte[] entry = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putInt(words[i]).putInt(one ? only[i][1] : 0)
                    .putInt(one ? only[i][0] : 0).putInt(0).array();
            directory.update(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(i).array(), entry);
        }
    }
}
