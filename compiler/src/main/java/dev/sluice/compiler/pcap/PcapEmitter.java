package dev.sluice.compiler.pcap;

import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.isa.Register;
import dev.sluice.compiler.isa.Size;
import dev.sluice.compiler.pcap.PcapBlock.Action;
import dev.sluice.compiler.pcap.PcapTest.Value;
import dev.sluice.compiler.pcap.PcapValueCode.Held;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * eBPF for a {@link PcapTest}: libpcap's flow graph for it ({@link PcapGraph}), optimised as tcpdump
 * optimises it ({@link PcapOptimiser}) unless libpcap would not, laid out block by block in
 * {@link PcapLayout}'s order (as few gotos as it finds), each block a load and one conditional
 * jump as in classic BPF. Bounds checks move up to where every accepting path reads that far
 * ({@link PcapReads}): libpcap would have rejected the shorter packet whichever way it went.
 * Values are emitted by {@link PcapValueCode}; what it knows (bytes checked, r0, r1) is merged
 * where paths join.
 */
public final class PcapEmitter {
    /** Bytes of stack the scratch slots take (Geneve's offsets). */
    public static final int SCRATCH_BYTES = 4 * LinkOffsets.SLOTS;

    /** What the code knows on a way into a block. */
    private record State(int known, Optional<Value> pointer, Optional<Held> held) {
        State meet(State o) {
            return new State(Math.min(known, o.known), pointer.equals(o.pointer) ? pointer : Optional.empty(),
                    held.equals(o.held) ? held : Optional.empty());
        }
    }

    private final CodeBuilder b;
    private final PcapValueCode code;
    private final Map<PcapBlock, Label> labels = new HashMap<>();
    private final Map<PcapBlock, State> arriving = new HashMap<>();
    private final Map<PcapBlock, Integer> sure = new HashMap<>();

    private PcapEmitter(CodeBuilder b, Label reject, int scratch) {
        this.b = b;
        this.code = new PcapValueCode(b, reject, scratch);
    }

    /**
     * Falls through when {@code test} holds and jumps to {@code otherwise} when it does not or when
     * libpcap would reject the packet (a read past its end, a division by zero). {@code scratch} is
     * the stack offset (from r10) of {@link #SCRATCH_BYTES} bytes the test may use.
     */
    public static void emit(CodeBuilder b, PcapTest test, Label otherwise, int scratch) {
        // Slots read before any assignment are 0 (libpcap's scratch memory would hold what an earlier packet left).
        if (PcapGraph.usesSlots(test)) for (int i = 0; i < LinkOffsets.SLOTS; i++) b.store(Size.W, Register.R10, scratch + 4 * i, 0);
        PcapBlock accept = PcapGraph.verdict(true);
        PcapBlock reject = PcapGraph.verdict(false);
        PcapBlock root = PcapGraph.build(test, accept, reject);
        if (PcapGraph.optimised(test)) PcapOptimiser.optimise(root);
        PcapPeephole.jsets(root);
        PcapEmitter e = new PcapEmitter(b, otherwise, scratch);
        e.code.slots = PcapValues.slotBounds(PcapGraph.stores(root), LinkOffsets.SLOTS);
        Label holds = b.newLabel();
        e.labels.put(accept, holds);
        e.labels.put(reject, otherwise);
        e.emit(root);
        b.bind(holds);
    }

    private Label label(PcapBlock block) {
        return labels.computeIfAbsent(block, x -> b.newLabel());
    }

    private void emit(PcapBlock root) {
        List<PcapBlock> order = order(root);
        State entry = new State(0, Optional.empty(), Optional.empty());
        for (int i = 0; i < order.size(); i++) {
            PcapBlock block = order.get(i);
            State there = i == 0 ? entry : arriving.get(block);
            code.known = there.known();
            code.pointer = there.pointer();
            code.held = there.held();
            b.bind(label(block));
            int bytes = sure(block);
            if (bytes != PcapReads.NONE && bytes > code.known) code.require(bytes);
            PcapBlock next = i + 1 < order.size() ? order.get(i + 1) : null;
            block(block, next);
        }
    }

    /** The blocks but the returns, each after every block that jumps to it, in {@link PcapLayout}'s order. */
    private static List<PcapBlock> order(PcapBlock root) {
        return PcapLayout.order(root, false);
    }

    /** The bytes every path from {@code block} to acceptance reads ({@link PcapReads#NONE} when none accepts). */
    private int sure(PcapBlock block) {
        if (block.action instanceof Action.Return r) return r.accept() ? 0 : PcapReads.NONE;
        Integer known = sure.get(block);
        if (known != null) return known;
        int own = 0;
        if (block.action instanceof Action.Test t) own = Math.max(PcapReads.of(t.a()), PcapReads.of(t.operand()));
        else if (block.action instanceof Action.Store s) own = PcapReads.of(s.assign().value());
        else if (block.action instanceof Action.Chain c) own = Math.max(PcapReads.of(c.chain().first()), PcapReads.of(c.chain().start()));
        int after = Math.min(sure(block.jt()), sure(block.jf()));
        int result = after == PcapReads.NONE ? PcapReads.NONE : Math.max(own, after);
        sure.put(block, result);
        return result;
    }

    private void block(PcapBlock block, PcapBlock next) {
        if (block.action instanceof Action.Test t) {
            test(block, t, next);
        } else if (block.action instanceof Action.Store s) {
            code.store(s.assign());
            leave(block.jt(), next);
        } else {
            code.protochain(((Action.Chain) block.action).chain(), label(block.jf()));
            code.pointer = Optional.empty();
            code.held = Optional.empty();
            arrive(block.jf());
            leave(block.jt(), next);
        }
    }

    /** Records the state on a way into {@code target}. */
    private void arrive(PcapBlock target) {
        if (target.leaf()) return;
        State now = new State(code.known, code.pointer, code.held);
        arriving.merge(target, now, State::meet);
    }

    /** Goes on to {@code target}: falls through when it is next. */
    private void leave(PcapBlock target, PcapBlock next) {
        arrive(target);
        if (!PcapBranch.follows(target, next)) b.goTo(label(target));
    }


    /**
     * One comparison. An equality or JSET of a 2- or 4-byte load with a constant compares the bytes
     * as loaded with the constant in network order, sparing the byte swap.
     */
    private void test(PcapBlock block, Action.Test t, PcapBlock next) {
        if (block.jt() == block.jf()) {
            // libpcap keeps the block, its loads included, when both exits are one.
            if (!(t.a() instanceof Value.Constant)) load(t.a(), false);
            leave(block.jt(), next);
            return;
        }
        boolean raw = false;
        int k = 0;
        Register right = null;
        if (t.operand() instanceof Value.Constant c) {
            raw = (t.jump() == PcapBlock.Jump.EQ || t.jump() == PcapBlock.Jump.SET) && t.a() instanceof Value.Load l && l.size() > 1 && fits(c.value(), l.size());
            k = raw ? swapped(c.value(), ((Value.Load) t.a()).size()) : (int) c.value();
            load(t.a(), raw);
        } else {
            load(t.a(), false);
            code.value(t.operand(), 1);
            right = Register.R2;
        }
        JumpOp op = PcapBranch.of(t.jump());
        arrive(block.jt());
        arrive(block.jf());
        int constant = k;
        Register operand = right;
        PcapBranch.emit(b, op, block, next, this::label, (o, target) -> jump(o, constant, operand, target));
    }

    private void jump(JumpOp op, int k, Register right, PcapBlock target) {
        if (right == null) b.jump32(op, Register.R1, k, label(target));
        else b.jump32(op, Register.R1, right, label(target));
    }

    /** r1 = {@code a}, as loaded when {@code raw}; reused when r1 holds it on every way here. */
    private void load(Value a, boolean raw) {
        Held want = new Held(a, raw);
        if (code.held.equals(Optional.of(want))) return;
        if (raw) code.load((Value.Load) a, 0, false);
        else code.value(a, 0);
        code.held = Optional.of(want);
    }


    private static boolean fits(long v, int size) {
        return size == 4 || v >>> (8 * size) == 0;
    }

    /** {@code v} as a load of {@code size} network-order bytes reads it on a little-endian host. */
    private static int swapped(long v, int size) {
        return size == 2 ? Short.reverseBytes((short) v) & 0xffff : Integer.reverseBytes((int) v);
    }
}
