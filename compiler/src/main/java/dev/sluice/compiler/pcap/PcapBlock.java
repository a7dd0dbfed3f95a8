package dev.sluice.compiler.pcap;

import dev.sluice.compiler.pcap.PcapTest.Value;
import java.util.BitSet;
import java.util.Objects;

/**
 * A block of libpcap's flow graph: what it computes and how it leaves. A test block loads a value
 * into the accumulator and jumps on it; the graph's two return blocks accept and reject. The edges
 * are objects (their successors change as libpcap's optimiser moves them), numbered, with their
 * edge dominators; the optimiser's other per-block facts (level, dominators, in-edges) live here
 * too, as they do in libpcap's blocks.
 */
final class PcapBlock {
    /** classic BPF's conditional jumps: A == k, A > k, A >= k, A & k != 0. */
    enum Jump { EQ, GT, GE, SET }

    /** What a block does before it leaves. */
    sealed interface Action {
        /**
         * Loads {@code a} into the accumulator and jumps to the true edge when {@code a JUMP operand}
         * holds; {@code operand} is a constant or, for a comparison of two packet values, what the
         * index register holds. {@code settled}: {@code a} was loaded from scratch memory last (a
         * relation's value), so the peepholes that look at the arithmetic before the jump do not apply.
         */
        record Test(Value a, Jump jump, Value operand, boolean settled) implements Action {
            public Test {
                Objects.requireNonNull(a);
                Objects.requireNonNull(jump);
                Objects.requireNonNull(operand);
            }
        }

        /** Stores into a scratch slot and goes on along the true edge (both edges lead there). */
        record Store(PcapTest.Assign assign) implements Action {}

        /** gen_protochain's loop: the true edge when the chain reaches its protocol. */
        record Chain(PcapTest.ProtoChain chain) implements Action {}

        /** The filter's verdict. */
        record Return(boolean accept) implements Action {}
    }

    /** An edge out of a block: its true or false exit, and where it goes now. */
    static final class Edge {
        final PcapBlock from;
        final boolean sense;
        PcapBlock to;
        int id;
        BitSet dominators = new BitSet();

        Edge(PcapBlock from, boolean sense, PcapBlock to) {
            this.from = from;
            this.sense = sense;
            this.to = to;
        }
    }

    Action action;
    final Edge yes;
    final Edge no;
    int id;
    int level;
    BitSet dominators = new BitSet();
    /** The edges into this block, in libpcap's order (the last one linked first). */
    java.util.List<Edge> in = new java.util.ArrayList<>();

    PcapBlock(Action action, PcapBlock yes, PcapBlock no) {
        this.action = action;
        this.yes = new Edge(this, true, yes);
        this.no = new Edge(this, false, no);
    }

    PcapBlock jt() {
        return yes.to;
    }

    PcapBlock jf() {
        return no.to;
    }

    boolean leaf() {
        return action instanceof Action.Return;
    }

    /** The value the accumulator holds when this block leaves (libpcap's val[A_ATOM]), if it is a test. */
    java.util.Optional<Value> accumulator() {
        return action instanceof Action.Test t ? java.util.Optional.of(t.a()) : java.util.Optional.empty();
    }
}
