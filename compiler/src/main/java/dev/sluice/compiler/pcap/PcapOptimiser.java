package dev.sluice.compiler.pcap;

import dev.sluice.compiler.pcap.PcapBlock.Action;
import dev.sluice.compiler.pcap.PcapBlock.Edge;
import dev.sluice.compiler.pcap.PcapBlock.Jump;
import dev.sluice.compiler.pcap.PcapTest.Value;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * libpcap's optimiser (optimize.c, 1.10) over a {@link PcapBlock} graph, for what it decides about
 * which loads happen on which path: tcpdump runs the optimised program, and a read past the end
 * of the packet rejects it, so a load the optimiser moves or drops changes the verdict on a frame
 * cut short. Values are numbered by what they are ({@link PcapValues#canonical}: two loads of the
 * same bytes are one value, as libpcap's value numbering finds). A first loop, until nothing
 * changes, numbers values, applies the jump peepholes ({@link PcapPeephole}), moves edges past
 * blocks whose outcome the edges dominating them decide or whose two exits are one (opt_j), and
 * pulls comparisons of one value together along chains of {@code or} and {@code and}
 * (or_pullup, and_pullup); a second one folds constants (an {@code and} with 0 makes the load
 * before it dead), with no edge moves. The visiting orders are libpcap's (blocks by level, each
 * level's list and each block's in-edges in the order libpcap links them), as the pull-ups depend
 * on them.
 */
final class PcapOptimiser {
    /** libpcap gives up after 100 rounds in a row that only move branches. */
    private static final int ROUNDS = 100;

    private final List<PcapBlock> blocks = new ArrayList<>();
    private final List<Edge> edges = new ArrayList<>();
    private final PcapBlock root;
    private List<List<PcapBlock>> levels = new ArrayList<>();
    private boolean done;
    private boolean branchesOnly;

    private PcapOptimiser(PcapBlock root) {
        this.root = root;
        number(root, new java.util.HashSet<>());
        int n = blocks.size();
        for (int i = 0; i < n; i++) {
            blocks.get(i).yes.id = i;
            blocks.get(i).no.id = n + i;
        }
        for (PcapBlock b : blocks) edges.add(b.yes);
        for (PcapBlock b : blocks) edges.add(b.no);
    }

    /**
     * Optimises the graph under {@code root} in place. libpcap's opt_root, which skips a root whose
     * two exits are one and keeps its loads, is left out: the emitter keeps such a block's loads
     * and goes on, which reads the same bytes.
     */
    static void optimise(PcapBlock root) {
        PcapOptimiser o = new PcapOptimiser(root);
        o.loop(false);
        o.loop(true);
        o.intern();
    }

    /** intern_blocks: blocks that do the same and leave for the same blocks become one (the same reads, less code). */
    private void intern() {
        for (boolean changed = true; changed; ) {
            changed = false;
            levels();
            java.util.Map<List<Object>, PcapBlock> seen = new java.util.HashMap<>();
            java.util.Map<PcapBlock, PcapBlock> same = new java.util.HashMap<>();
            for (List<PcapBlock> level : levels) {
                for (PcapBlock b : level) {
                    if (b.leaf()) continue;
                    PcapBlock first = seen.putIfAbsent(java.util.Arrays.asList(b.action, b.jt(), b.jf()), b);
                    if (first != null) same.put(b, first);
                }
            }
            for (List<PcapBlock> level : levels) {
                for (PcapBlock b : level) {
                    if (b.leaf()) continue;
                    for (Edge e : List.of(b.yes, b.no)) {
                        PcapBlock to = same.get(e.to);
                        if (to != null) {
                            e.to = to;
                            changed = true;
                        }
                    }
                }
            }
        }
    }

    /** opt_init's numbering: depth first, the true side first. */
    private void number(PcapBlock b, java.util.Set<PcapBlock> seen) {
        if (b == null || !seen.add(b)) return;
        b.id = blocks.size();
        blocks.add(b);
        number(b.jt(), seen);
        number(b.jf(), seen);
    }

    private void loop(boolean folding) {
        int rounds = 0;
        for (;;) {
            done = true;
            branchesOnly = true;
            levels();
            dominators();
            edgeDominators();
            blocks(folding);
            if (done) return;
            if (!branchesOnly) rounds = 0;
            else if (++rounds >= ROUNDS) return;
        }
    }

    /** find_levels: leaves at 0; each level's list in the order libpcap links it (the last finished first). */
    private void levels() {
        levels = new ArrayList<>();
        level(root, new java.util.HashSet<>());
    }

    private void level(PcapBlock b, java.util.Set<PcapBlock> seen) {
        if (!seen.add(b)) return;
        int level = 0;
        if (!b.leaf()) {
            level(b.jt(), seen);
            level(b.jf(), seen);
            level = Math.max(b.jt().level, b.jf().level) + 1;
        }
        b.level = level;
        while (levels.size() <= level) levels.add(new ArrayList<>());
        levels.get(level).add(0, b);
    }

    private int top() {
        return levels.size() - 1;
    }

    private void dominators() {
        for (PcapBlock b : blocks) {
            b.dominators = new BitSet();
            b.dominators.set(0, blocks.size());
        }
        root.dominators.clear();
        for (int l = top(); l >= 0; l--) {
            for (PcapBlock b : levels.get(l)) {
                b.dominators.set(b.id);
                if (b.leaf()) continue;
                b.jt().dominators.and(b.dominators);
                b.jf().dominators.and(b.dominators);
            }
        }
    }

    private void edgeDominators() {
        for (Edge e : edges) {
            e.dominators = new BitSet();
            e.dominators.set(0, edges.size());
        }
        root.yes.dominators.clear();
        root.no.dominators.clear();
        for (int l = top(); l >= 0; l--) {
            for (PcapBlock b : levels.get(l)) {
                for (Edge e : List.of(b.yes, b.no)) {
                    e.dominators.set(e.id);
                    if (e.to == null) continue;
                    e.to.yes.dominators.and(e.dominators);
                    e.to.no.dominators.and(e.dominators);
                }
            }
        }
    }

    /** find_inedges: each block's in-edges, the last linked first. */
    private void inEdges() {
        for (PcapBlock b : blocks) b.in = new ArrayList<>();
        for (int l = top(); l > 0; l--) {
            for (PcapBlock b : levels.get(l)) {
                b.jt().in.add(0, b.yes);
                b.jf().in.add(0, b.no);
            }
        }
    }

    /** opt_blks. */
    private void blocks(boolean folding) {
        inEdges();
        for (int l = top(); l >= 0; l--) {
            for (PcapBlock b : levels.get(l)) {
                if (folding && b.action instanceof Action.Test t) {
                    Action.Test folded = new Action.Test(PcapValues.folded(t.a()), t.jump(), PcapValues.folded(t.operand()), t.settled());
                    if (!folded.equals(t)) {
                        b.action = folded;
                        branchesOnly = false;
                        done = false;
                    }
                }
                if (PcapPeephole.apply(b)) {
                    done = false;
                }
            }
        }
        if (folding) return;
        for (int l = 1; l <= top(); l++) {
            for (PcapBlock b : levels.get(l)) {
                jumps(b.yes);
                jumps(b.no);
            }
        }
        inEdges();
        for (int l = 1; l <= top(); l++) {
            for (PcapBlock b : levels.get(l)) {
                pullUp(b, true);
                pullUp(b, false);
            }
        }
    }

    /**
     * opt_j: an edge to a block whose two exits are one goes to that exit; an edge to a block whose
     * comparison an edge dominating it decides goes where that comparison leads, again and again.
     */
    private void jumps(Edge e) {
        if (e.to.leaf()) return;
        if (e.to.jt() == e.to.jf()) {
            branchesOnly = false;
            done = false;
            e.to = e.to.jt();
        }
        boolean moved = true;
        while (moved) {
            moved = false;
            for (int k = e.dominators.nextSetBit(0); k >= 0; k = e.dominators.nextSetBit(k + 1)) {
                PcapBlock target = decided(e.to, edges.get(k));
                if (target == null) continue;
                done = false;
                e.to = target;
                if (target.leaf()) return;
                moved = true;
                break;
            }
        }
    }

    /** fold_edge: where {@code child} leads, if taking edge {@code e} decides its comparison. */
    private static PcapBlock decided(PcapBlock child, Edge e) {
        if (!(child.action instanceof Action.Test c) || !(e.from.action instanceof Action.Test p)) return null;
        boolean childConstant = c.operand() instanceof Value.Constant;
        if (c.jump() != p.jump() || childConstant != p.operand() instanceof Value.Constant) return null;
        if (!c.a().equals(p.a())) return null;
        if (c.operand().equals(p.operand())) return e.sense ? child.jt() : child.jf();
        if (e.sense && c.jump() == Jump.EQ && childConstant) return child.jf();
        return null;
    }

    /**
     * or_pullup ({@code or}) and and_pullup: along the chain of false (true) exits below {@code b}
     * that share its true (false) exit and that {@code b} dominates, a comparison of the value its
     * predecessors compared moves up to just below the last comparison of that value.
     */
    private void pullUp(PcapBlock b, boolean or) {
        if (b.in.isEmpty()) return;
        Optional<Value> value = b.in.get(0).from.accumulator();
        for (Edge e : b.in) if (!e.from.accumulator().equals(value)) return;
        Edge first = b.in.get(0);
        Edge diff = first.from.yes.to == b ? first.from.yes : first.from.no;
        boolean atTop = true;
        for (;;) {
            PcapBlock d = diff.to;
            if (d.leaf() || b.leaf()) return;
            if (side(d, !or) != side(b, !or)) return;
            if (!d.dominators.get(b.id)) return;
            if (!d.accumulator().equals(value)) break;
            diff = or ? d.no : d.yes;
            atTop = false;
        }
        Edge same = or ? diff.to.no : diff.to.yes;
        for (;;) {
            PcapBlock s = same.to;
            if (s.leaf()) return;
            if (side(s, !or) != side(b, !or)) return;
            if (!s.dominators.get(b.id)) return;
            if (s.accumulator().equals(value)) break;
            same = or ? s.no : s.yes;
        }
        PcapBlock pull = same.to;
        same.to = side(pull, or);
        (or ? pull.no : pull.yes).to = diff.to;
        if (atTop) {
            for (Edge e : b.in) {
                if (e.from.yes.to == b) e.from.yes.to = pull;
                else e.from.no.to = pull;
            }
        } else {
            diff.to = pull;
        }
        done = false;
    }

    /** The false exit when {@code falseSide}, else the true one. */
    private static PcapBlock side(PcapBlock b, boolean falseSide) {
        return falseSide ? b.jf() : b.jt();
    }
}
