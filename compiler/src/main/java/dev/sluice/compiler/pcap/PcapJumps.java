package dev.sluice.compiler.pcap;

import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.Label;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Jump threading with what a jump knows, as libpcap's optimiser moves an edge past a test that the
 * values on that edge already decide: a jump to the code of a test whose first comparison the
 * jump's {@link PcapFacts} decide goes straight to where that comparison leads. The labels inside
 * a test (after a comparison held; the right side of an {@code or}; the otherwise side of a
 * {@link PcapTest.Choice}; the inside of a {@code not}) are made ahead, one per node of the tree,
 * so that jumps emitted before that code can already aim at them.
 */
final class PcapJumps {
    /** The test whose code starts at a label, and where it goes when it fails. */
    private record Entry(PcapTest test, Label no) {}

    private final CodeBuilder b;
    private final Map<PcapTest, Label> after = new IdentityHashMap<>();
    private final Map<PcapTest, Label> inner = new IdentityHashMap<>();
    private final Map<Label, Entry> entries = new HashMap<>();

    PcapJumps(CodeBuilder b) {
        this.b = b;
    }

    /** Where the code goes on once comparison {@code c} held. */
    Label after(PcapTest.Compare c) {
        return after.computeIfAbsent(c, x -> b.newLabel());
    }

    /** The right side of an {@code or}, the otherwise side of a choice, the inside of a {@code not}. */
    Label inner(PcapTest t) {
        return inner.computeIfAbsent(t, x -> b.newLabel());
    }

    /** Says that {@code test} starts at {@code at} and jumps to {@code no} when it fails. */
    void enter(Label at, PcapTest test, Label no) {
        entries.putIfAbsent(at, new Entry(test, no));
    }

    /** Where a jump to {@code target} carrying {@code facts} can go instead. */
    Label resolve(Label target, PcapFacts facts) {
        for (int hops = 0; hops < 64; hops++) {
            Entry e = entries.get(target);
            if (e == null) return target;
            Optional<Label> to = decide(e.test(), e.no(), facts);
            if (to.isEmpty()) return target;
            target = to.get();
        }
        return target;
    }

    /** Where the first comparison of {@code t} sends the code, if {@code facts} decide it. */
    private Optional<Label> decide(PcapTest t, Label no, PcapFacts facts) {
        if (t instanceof PcapTest.And a) return decide(a.left(), no, facts);
        if (t instanceof PcapTest.Or o) {
            enter(inner(o), o.right(), no);
            return decide(o.left(), inner(o), facts);
        }
        if (t instanceof PcapTest.Choice c) {
            enter(inner(c), c.otherwise(), no);
            return decide(c.condition(), inner(c), facts);
        }
        if (t instanceof PcapTest.Compare c) {
            Optional<PcapFacts.Key> key = PcapFacts.key(c);
            if (key.isEmpty()) return Optional.empty();
            return facts.equals(key.get(), PcapFacts.constant(c)).map(equal -> equal == (c.op() == PcapTest.Op.EQ) ? after(c) : no);
        }
        return Optional.empty();
    }

    /** The same tree with no node object at two places, so that each node's labels are bound once. */
    static PcapTest unshared(PcapTest t) {
        if (t instanceof PcapTest.And a) return new PcapTest.And(unshared(a.left()), unshared(a.right()));
        if (t instanceof PcapTest.Or o) return new PcapTest.Or(unshared(o.left()), unshared(o.right()));
        if (t instanceof PcapTest.Not n) return new PcapTest.Not(unshared(n.operand()));
        if (t instanceof PcapTest.Choice c) return new PcapTest.Choice(unshared(c.condition()), unshared(c.then()), unshared(c.otherwise()));
        if (t instanceof PcapTest.Compare c) return new PcapTest.Compare(c.left(), c.op(), c.right());
        return t;
    }
}
