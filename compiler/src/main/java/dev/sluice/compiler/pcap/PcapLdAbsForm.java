package dev.sluice.compiler.pcap;

import static dev.sluice.compiler.isa.Register.R0;
import static dev.sluice.compiler.isa.Register.R1;
import static dev.sluice.compiler.isa.Register.R2;
import static dev.sluice.compiler.isa.Register.R6;
import static dev.sluice.compiler.isa.Register.R7;
import static dev.sluice.compiler.isa.Register.R8;
import static dev.sluice.compiler.isa.Register.R9;
import static dev.sluice.compiler.isa.Register.R10;

import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.isa.Size;
import dev.sluice.compiler.pcap.PcapBlock.Action;
import dev.sluice.compiler.pcap.PcapTest.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole skb program for one {@link PcapTest}, written as classic BPF is: libpcap's optimised
 * blocks ({@link PcapGraph}, {@link PcapOptimiser}) with eBPF's legacy packet loads (LD_ABS,
 * LD_IND). The kernel ends the program with 0 when such a load reads past the packet's end, which
 * is libpcap's "a read past the end rejects the packet", so no load needs a bounds check; that is
 * only right when the rejecting verdict is 0, which the caller ensures (docs/COMPILER-PCAP.md, "The
 * LD_ABS form"). r6 holds the context (the kernel requires it there), r0 is classic BPF's
 * accumulator, r7 its index register while it holds an IPv4 header length (recomputed only where
 * libpcap's code recomputes it), r9 the right side of a comparison of two values (it survives the
 * loads, which clobber r1-r5); any other index is computed into r0, which LD_IND may read.
 * protochain's loop ({@link PcapLdAbsChain}) takes r7-r9 for itself while it runs. Blocks
 * come in {@link PcapLayout}'s order, each verdict where a block falls through to it.
 */
public final class PcapLdAbsForm {
    /**
     * The largest offset a legacy load is given: the kernel reads its offset as a signed 32-bit
     * number and gives negative ones other meanings (SKF_NET_OFF, SKF_LL_OFF), so a larger offset
     * is loaded from here, past every packet's end, which rejects the packet just the same.
     */
    static final int FAR = 0x7fff0000;
    /** libpcap's largest IPv4 header length (4 * 0xf). */
    private static final int HEADER_LENGTH_MAX = 60;
    private static final int SLOT_BASE = -PcapEmitter.SCRATCH_BYTES;
    /** Nesting of arithmetic spilled to the stack, below the scratch slots; deeper is the user's error. */
    private static final int SPILLS = 8;

    /** What the registers hold on a way into a block: the accumulator's value, and which header length r7 holds. */
    private record State(Optional<Value> a, Optional<Long> x) {
        State meet(State o) {
            return new State(a.equals(o.a) ? a : Optional.empty(), x.equals(o.x) ? x : Optional.empty());
        }
    }

    private final CodeBuilder b;
    private final Label reject;
    private final Map<PcapBlock, Label> labels = new HashMap<>();
    private final Map<PcapBlock, State> arriving = new HashMap<>();
    /** Blocks that compare the accumulator as it arrives ({@link PcapSharedJumps}). */
    private final java.util.Set<PcapBlock> asArrives = new java.util.HashSet<>();
    private Optional<Value> a = Optional.empty();
    private Optional<Long> x = Optional.empty();
    /** The largest value each scratch slot can hold: an index below FAR needs no check of its own. */
    private long[] slots = new long[0];

    private PcapLdAbsForm(CodeBuilder b, Label reject) {
        this.b = b;
        this.reject = reject;
    }

    /**
     * The whole program: returns {@code matched} when {@code test} holds and 0 when it does not or
     * libpcap would reject the packet. r1 holds the {@code __sk_buff} on entry.
     */
    public static void emit(CodeBuilder b, PcapTest test, int matched) {
        b.mov64(R6, R1);
        if (PcapGraph.usesSlots(test)) for (int i = 0; i < LinkOffsets.SLOTS; i++) b.store(Size.W, R10, SLOT_BASE + 4 * i, 0);
        PcapBlock accept = PcapGraph.verdict(true);
        PcapBlock rejected = PcapGraph.verdict(false);
        PcapBlock root = PcapGraph.build(test, accept, rejected);
        if (PcapGraph.optimised(test)) PcapOptimiser.optimise(root);
        PcapPeephole.jsets(root);
        PcapLdAbsForm f = new PcapLdAbsForm(b, b.newLabel());
        f.asArrives.addAll(PcapSharedJumps.merge(root));
        f.slots = PcapValues.slotBounds(PcapGraph.stores(root), LinkOffsets.SLOTS);
        f.labels.put(rejected, f.reject);
        f.emit(root, accept, rejected, matched);
    }

    private Label label(PcapBlock block) {
        return labels.computeIfAbsent(block, k -> b.newLabel());
    }

    /** The blocks in {@link PcapLayout}'s order, each verdict where it falls through from a block or else at the end. */
    private void emit(PcapBlock root, PcapBlock accept, PcapBlock rejected, int matched) {
        List<PcapBlock> order = new ArrayList<>(PcapLayout.order(root, true));
        if (root.leaf()) order.add(root);
        for (PcapBlock verdict : List.of(accept, rejected)) if (!order.contains(verdict)) order.add(verdict);
        PcapBlock end = PcapGraph.verdict(false); // after the last: nothing falls through to it
        for (int i = 0; i < order.size(); i++) {
            PcapBlock block = order.get(i);
            b.bind(label(block));
            if (block.leaf()) {
                b.mov64(R0, block == accept ? matched : 0).exit();
                continue;
            }
            State there = block == root ? new State(Optional.empty(), Optional.empty()) : arriving.get(block);
            a = there.a();
            x = there.x();
            block(block, i + 1 < order.size() ? order.get(i + 1) : end);
        }
    }

    private void block(PcapBlock block, PcapBlock next) {
        if (block.action instanceof Action.Chain c) {
            // The offset first: the type's value may compute a header length into r7.
            if (c.chain().start() instanceof Value.Constant k) {
                b.mov64(R8, (int) k.value());
            } else if (c.chain().start() instanceof Value.HeaderLength h) {
                headerLength(h.offset());
                b.mov64(R8, R7);
            } else {
                value(c.chain().start(), 0);
                b.mov64(R8, R0);
            }
            value(c.chain().first(), 0);
            b.mov64(R7, R0);
            PcapLdAbsChain.emit(b, c.chain(), label(block.jf()), reject);
            a = Optional.empty();
            x = Optional.empty();
            arrive(block.jf());
            leave(block.jt(), next);
            return;
        }
        if (block.action instanceof Action.Store s) {
            value(s.assign().value(), 0);
            b.store(Size.W, R10, SLOT_BASE + 4 * s.assign().slot(), R0);
            leave(block.jt(), next);
            return;
        }
        Action.Test t = (Action.Test) block.action;
        if (block.jt() == block.jf()) {
            // libpcap keeps the block, its loads included, when both exits are one: a load past the end still rejects.
            if (!asArrives.contains(block)) accumulator(t.a());
            leave(block.jt(), next);
            return;
        }
        JumpOp op = PcapBranch.of(t.jump());
        boolean constant = t.operand() instanceof Value.Constant;
        if (!constant) {
            value(t.operand(), 0);
            b.mov64(R9, R0);
            a = Optional.empty();
        }
        if (!asArrives.contains(block)) accumulator(t.a());
        int k = constant ? (int) ((Value.Constant) t.operand()).value() : 0;
        arrive(block.jt());
        arrive(block.jf());
        PcapBranch.emit(b, op, block, next, this::label, (o, target) -> jump(o, constant, k, target));
    }

    private void jump(JumpOp op, boolean constant, int k, PcapBlock target) {
        if (constant) b.jump32(op, R0, k, label(target));
        else b.jump32(op, R0, R9, label(target));
    }

    private void arrive(PcapBlock target) {
        if (target.leaf()) return;
        arriving.merge(target, new State(a, x), State::meet);
    }

    private void leave(PcapBlock target, PcapBlock next) {
        arrive(target);
        if (!PcapBranch.follows(target, next)) b.goTo(label(target));
    }


    /** r0 = {@code v}, unless it holds it on every way here. */
    private void accumulator(Value v) {
        if (a.equals(Optional.of(v))) return;
        value(v, 0);
        a = Optional.of(v);
    }

    /** r0 = {@code v}, zero-extended from 32 bits; {@code depth} spill slots are taken. */
    private void value(Value v, int depth) {
        a = Optional.empty();
        if (v instanceof Value.Constant k) {
            b.alu32(AluOp.MOV, R0, (int) k.value());
        } else if (v instanceof Value.Slot slot) {
            b.load(Size.W, R0, R10, SLOT_BASE + 4 * slot.slot());
        } else if (v instanceof Value.Length) {
            // skb->len: the whole packet, which the legacy loads read too (not only its linear part).
            b.load(Size.W, R0, R6, 0);
        } else if (v instanceof Value.HeaderLength h) {
            headerLength(h.offset());
            b.mov64(R0, R7);
        } else if (v instanceof Value.Load l) {
            load(l, depth);
        } else if (v instanceof Value.Negate n) {
            value(n.operand(), depth);
            b.alu32(AluOp.NEG, R0, 0);
        } else {
            binary((Value.Binary) v, depth);
        }
    }

    /** r7 = 4 * (the low nibble of the byte at {@code offset}), unless it holds that on every way here. */
    private void headerLength(long offset) {
        if (x.equals(Optional.of(offset))) return;
        legacy(Size.B, offset);
        b.mov64(R7, R0).alu32(AluOp.AND, R7, 0xf).alu32(AluOp.LSH, R7, 2);
        x = Optional.of(offset);
    }

    private void load(Value.Load l, int depth) {
        Size size = switch (l.size()) {
            case 1 -> Size.B;
            case 2 -> Size.H;
            default -> Size.W;
        };
        if (l.dynamic() instanceof Value.Constant c) {
            legacy(size, c.value() + l.offset());
        } else if (l.dynamic() instanceof Value.HeaderLength h && l.offset() <= FAR - HEADER_LENGTH_MAX) {
            headerLength(h.offset());
            b.add(new Instruction.LoadPacket(true, size, R7, (int) l.offset()));
        } else if (l.offset() >= FAR) {
            legacy(size, FAR);
        } else if (PcapValues.largest(l.dynamic(), slots) <= FAR - l.offset()) {
            // The index cannot take the sum past FAR: the load's own check is libpcap's, and it may read r0 itself.
            value(l.dynamic(), depth);
            b.add(new Instruction.LoadPacket(true, size, R0, (int) l.offset()));
        } else {
            // libpcap rejects an index whose sum with the offset passes the packet's end, without wrapping.
            value(l.dynamic(), depth);
            b.jump32(JumpOp.JGT, R0, (int) (FAR - l.offset()), reject);
            b.add(new Instruction.LoadPacket(true, size, R0, (int) l.offset()));
        }
        a = Optional.empty();
    }

    private void legacy(Size size, long offset) {
        b.add(new Instruction.LoadPacket(false, size, R0, (int) Math.min(offset, FAR)));
        a = Optional.empty();
    }

    private void binary(Value.Binary bin, int depth) {
        if (PcapAlu.constant(bin).isPresent()) {
            b.alu32(AluOp.MOV, R0, PcapAlu.constant(bin).getAsInt());
            return;
        }
        // A header length on the right is computed first, into r7, unless the left needs r7 for another one.
        if (bin.right() instanceof Value.HeaderLength h && PcapValues.headerLengths(bin.left()).stream().allMatch(o -> o == h.offset())) {
            headerLength(h.offset());
        }
        value(bin.left(), depth);
        AluOp op = PcapAlu.of(bin.op());
        boolean divides = op == AluOp.DIV || op == AluOp.MOD;
        boolean shifts = op == AluOp.LSH || op == AluOp.RSH;
        if (PcapAlu.immediate(op, bin.right())) {
            b.alu32(op, R0, (int) ((Value.Constant) bin.right()).value());
            return;
        }
        if (bin.right() instanceof Value.HeaderLength h && x.equals(Optional.of(h.offset())) && !divides && !shifts) {
            b.alu32(op, R0, R7); // classic BPF's "op x": the header length is in r7 already
            return;
        }
        if (bin.right() instanceof Value.Slot slot) {
            b.load(Size.W, R2, R10, SLOT_BASE + 4 * slot.slot()); // reads no packet: r0 stays
        } else {
            if (depth >= SPILLS) throw new PcapCompileError(1, "this filter's arithmetic nests too deep to evaluate (at most " + SPILLS + " levels)");
            // The right side's loads clobber r1-r5: the left waits on the stack.
            int spill = SLOT_BASE - 8 * (depth + 1);
            b.store(Size.DW, R10, spill, R0);
            value(bin.right(), depth + 1);
            b.mov64(R2, R0).load(Size.DW, R0, R10, spill);
        }
        if (divides) b.jump32(JumpOp.JEQ, R2, 0, reject); // classic BPF rejects on a division by zero
        if (shifts) {
            // libpcap's interpreter gives 0 for shifts of 32 or more (eBPF would take the amount mod 32).
            Label inRange = b.newLabel();
            Label done = b.newLabel();
            b.jump32(JumpOp.JLT, R2, 32, inRange).alu32(AluOp.MOV, R0, 0).goTo(done).bind(inRange);
            b.alu32(op, R0, R2).bind(done);
            return;
        }
        b.alu32(op, R0, R2);
    }

}
