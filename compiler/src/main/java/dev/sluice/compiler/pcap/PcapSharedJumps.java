package dev.sluice.compiler.pcap;

import dev.sluice.compiler.pcap.PcapBlock.Action;
import dev.sluice.compiler.pcap.PcapTest.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * libpcap's blocks that are a jump and nothing else, made one for the LD_ABS form. In libpcap's
 * code a block whose value every way in has already loaded holds no statement, so intern_blocks
 * makes two such blocks one when they jump alike (`port 80 or port 443`: the IPv4 and the IPv6
 * `jeq #443` are one block). Here a block names the value it compares, so two of them differ
 * (`ldh [x + 16]`, `ldh [56]`) though the code of each is the same jump. Two test blocks against
 * the same constant with the same exits, each reached only from blocks that leave its value in the
 * accumulator, become one that compares the accumulator as it arrives.
 */
final class PcapSharedJumps {
    private PcapSharedJumps() {}

    /** Merges such blocks under {@code root} in place; returns the blocks that compare the accumulator as it arrives. */
    static Set<PcapBlock> merge(PcapBlock root) {
        Set<PcapBlock> asArrives = new HashSet<>();
        while (mergeOne(root, asArrives)) {
            // each round makes one pair one; the graph changes, so the blocks are looked at again
        }
        return asArrives;
    }

    private static boolean mergeOne(PcapBlock root, Set<PcapBlock> asArrives) {
        List<PcapBlock> all = new ArrayList<>();
        collect(root, new HashSet<>(), all);
        Map<PcapBlock, List<PcapBlock>> into = new HashMap<>();
        for (PcapBlock b : all) {
            for (PcapBlock s : b.jt() == b.jf() ? List.of(b.jt()) : List.of(b.jt(), b.jf())) into.computeIfAbsent(s, k -> new ArrayList<>()).add(b);
        }
        Map<List<Object>, PcapBlock> first = new HashMap<>();
        for (PcapBlock b : all) {
            if (b == root || !(b.action instanceof Action.Test t) || !(t.operand() instanceof Value.Constant)) continue;
            boolean jumpOnly = asArrives.contains(b) || into.get(b).stream().allMatch(p -> leaves(p, t.a(), asArrives));
            if (!jumpOnly) continue;
            PcapBlock same = first.putIfAbsent(List.of(t.jump(), t.operand(), b.jt(), b.jf()), b);
            if (same == null) continue;
            for (PcapBlock p : into.get(b)) {
                if (p.yes.to == b) p.yes.to = same;
                if (p.no.to == b) p.no.to = same;
            }
            asArrives.add(same);
            return true;
        }
        return false;
    }

    /** Whether {@code p} leaves {@code a} in the accumulator on its way out (a test loads its value and jumps). */
    private static boolean leaves(PcapBlock p, Value a, Set<PcapBlock> asArrives) {
        return p.action instanceof Action.Test t && !asArrives.contains(p) && t.a().equals(a);
    }

    private static void collect(PcapBlock b, Set<PcapBlock> seen, List<PcapBlock> out) {
        if (b.leaf() || !seen.add(b)) return;
        out.add(b);
        collect(b.jt(), seen, out);
        collect(b.jf(), seen, out);
    }
}
