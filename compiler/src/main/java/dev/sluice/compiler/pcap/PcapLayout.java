package dev.sluice.compiler.pcap;

import dev.sluice.compiler.pcap.PcapBlock.Action;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order in which a pcap emitter writes libpcap's blocks. classic BPF's conditional jump names
 * both exits; eBPF's falls through to the next instruction, so a block whose chosen exit is not
 * written right after it costs a {@code goto}. The order is a topological one (every block after
 * all blocks that jump to it, so what the registers hold on the way in is known when it is
 * written), chosen to need as few gotos as can be found: a depth-first search over the ready
 * blocks, the exits that may fall through first, pruned where it cannot do better, with a fixed
 * budget of steps (then the best order found so far is taken; the first is the greedy one). When the verdicts are written
 * inline (the LD_ABS form, whose verdicts are {@code r0 = K; exit}), a verdict may sit right after
 * a block that leaves for it, wherever that is; otherwise only the accepting end may follow the
 * last block.
 */
final class PcapLayout {
    /** Search steps before the best order found so far is taken: plenty for libpcap's graphs, bounded for odd ones. */
    private static final int BUDGET = 200_000;

    private final List<PcapBlock> blocks = new ArrayList<>();
    private final Map<PcapBlock, Integer> index = new IdentityHashMap<>();
    private final int[] predecessors;
    private final boolean inline;
    private final Map<BitSet, Integer> seen = new HashMap<>();
    private int steps;
    private int best = Integer.MAX_VALUE;
    private List<PcapBlock> bestOrder;

    private PcapLayout(PcapBlock root, boolean inline) {
        this.inline = inline;
        List<PcapBlock> post = new ArrayList<>();
        visit(root, new HashSet<>(), post);
        for (int i = post.size() - 1; i >= 0; i--) {
            index.put(post.get(i), blocks.size());
            blocks.add(post.get(i));
        }
        predecessors = new int[blocks.size()];
        for (PcapBlock b : blocks) {
            for (PcapBlock s : successors(b)) if (!s.leaf()) predecessors[index.get(s)]++;
        }
    }

    /**
     * The blocks under {@code root}, the root first, each after every block that jumps to it; with
     * {@code inline}, the return blocks too, each where one block falls through to it (a return
     * block no block falls through to is left out: the emitter writes it at the end).
     */
    static List<PcapBlock> order(PcapBlock root, boolean inline) {
        if (root.leaf()) return List.of();
        PcapLayout l = new PcapLayout(root, inline);
        l.search(new ArrayList<>(), new BitSet(), new int[l.blocks.size()], 0);
        return l.bestOrder;
    }

    /** The gotos {@code order} needs: blocks none of whose fall-through exits is written next. */
    static int gotos(List<PcapBlock> order, boolean inline) {
        int n = 0;
        for (int i = 0; i < order.size(); i++) {
            PcapBlock b = order.get(i);
            if (b.leaf()) continue;
            PcapBlock next = i + 1 < order.size() ? order.get(i + 1) : null;
            if (!fallsTo(b, next, inline)) n++;
        }
        return n;
    }

    private static void visit(PcapBlock block, Set<PcapBlock> seen, List<PcapBlock> post) {
        if (block.leaf() || !seen.add(block)) return;
        visit(block.jt(), seen, post);
        visit(block.jf(), seen, post);
        post.add(block);
    }

    private static List<PcapBlock> successors(PcapBlock b) {
        return b.jt() == b.jf() ? List.of(b.jt()) : List.of(b.jt(), b.jf());
    }

    /**
     * Whether {@code b} can go on into {@code next} without a goto; null stands for the accepting
     * end after the last block (not when the verdicts are inline).
     */
    private static boolean fallsTo(PcapBlock b, PcapBlock next, boolean inline) {
        if (next == null) return !inline && fallThroughs(b).stream().anyMatch(s -> s.action instanceof Action.Return r && r.accept());
        return fallThroughs(b).contains(next);
    }

    /**
     * The exits of {@code b} that may be written right after it: the false exit, and the true exit
     * under the negated jump, but only the false one for JSET (which has no negation); protochain's
     * loop and a block whose two exits are one go on along the true exit (the loop's false exit is a
     * jump of its own).
     */
    private static List<PcapBlock> fallThroughs(PcapBlock b) {
        if (b.action instanceof Action.Chain || b.jt() == b.jf()) return List.of(b.jt());
        if (b.action instanceof Action.Test t && t.jump() == PcapBlock.Jump.SET) return List.of(b.jf());
        return List.of(b.jf(), b.jt());
    }

    private void search(List<PcapBlock> order, BitSet placed, int[] arrived, int cost) {
        if (cost >= best || steps++ > BUDGET && bestOrder != null) return;
        PcapBlock last = order.isEmpty() ? null : order.get(order.size() - 1);
        if (placed.cardinality() == blocks.size()) {
            int total = cost + (last != null && !last.leaf() && !endsWell(last, order) ? 1 : 0);
            if (total < best) {
                best = total;
                bestOrder = List.copyOf(order);
                if (inline && last != null && !last.leaf()) {
                    PcapBlock verdict = verdictAfter(last, order);
                    if (verdict != null) bestOrder = append(bestOrder, verdict);
                }
            }
            return;
        }
        BitSet key = (BitSet) placed.clone();
        key.set(blocks.size() + (last == null || last.leaf() ? blocks.size() : index.get(last)));
        for (int i = 0; i < order.size(); i++) if (order.get(i).leaf()) key.set(3 * blocks.size() + (verdict(order.get(i)) ? 1 : 0));
        Integer before = seen.get(key);
        if (before != null && before <= cost) return;
        seen.put(key, cost);
        for (PcapBlock next : candidates(last, order, placed, arrived)) {
            boolean falls = last == null || last.leaf() || fallsTo(last, next, inline);
            order.add(next);
            if (!next.leaf()) {
                placed.set(index.get(next));
                for (PcapBlock s : successors(next)) if (!s.leaf()) arrived[index.get(s)]++;
            }
            search(order, placed, arrived, cost + (falls ? 0 : 1));
            if (!next.leaf()) {
                for (PcapBlock s : successors(next)) if (!s.leaf()) arrived[index.get(s)]--;
                placed.clear(index.get(next));
            }
            order.remove(order.size() - 1);
        }
    }

    /** The verdict to write after {@code last}: an exit of it not yet written that it falls through to. */
    private PcapBlock verdictAfter(PcapBlock last, List<PcapBlock> order) {
        if (last == null || last.leaf()) return null;
        for (PcapBlock s : List.of(last.jf(), last.jt())) {
            if (s.leaf() && !order.contains(s) && fallsTo(last, s, true)) return s;
        }
        return null;
    }

    private boolean endsWell(PcapBlock last, List<PcapBlock> order) {
        return inline ? verdictAfter(last, order) != null : fallsTo(last, null, false);
    }

    /** Blocks that may come next: the exits {@code last} falls through to first, then the other ready blocks in reverse post-order. */
    private List<PcapBlock> candidates(PcapBlock last, List<PcapBlock> order, BitSet placed, int[] arrived) {
        List<PcapBlock> out = new ArrayList<>();
        List<PcapBlock> exits = last == null || last.leaf() ? List.of() : List.of(last.jf(), last.jt());
        for (PcapBlock s : exits) if (!s.leaf() && !out.contains(s) && fallsTo(last, s, inline) && ready(s, placed, arrived)) out.add(s);
        // A verdict next only after the blocks that may fall through: the first order found keeps its jumps forward.
        for (PcapBlock s : exits) if (s.leaf() && inline && !out.contains(s) && !order.contains(s) && fallsTo(last, s, inline)) out.add(s);
        for (PcapBlock b : blocks) if (!out.contains(b) && ready(b, placed, arrived)) out.add(b);
        return out;
    }

    private boolean ready(PcapBlock b, BitSet placed, int[] arrived) {
        int i = index.get(b);
        return !placed.get(i) && arrived[i] == predecessors[i];
    }

    private static boolean verdict(PcapBlock leaf) {
        return ((Action.Return) leaf.action).accept();
    }

    private static List<PcapBlock> append(List<PcapBlock> list, PcapBlock b) {
        List<PcapBlock> out = new ArrayList<>(list);
        out.add(b);
        return List.copyOf(out);
    }
}
