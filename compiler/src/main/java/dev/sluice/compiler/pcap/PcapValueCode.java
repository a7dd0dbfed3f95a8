package dev.sluice.compiler.pcap;

import static dev.sluice.compiler.isa.Register.R0;
import static dev.sluice.compiler.isa.Register.R7;
import static dev.sluice.compiler.isa.Register.R8;

import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.isa.Register;
import dev.sluice.compiler.isa.Size;
import dev.sluice.compiler.pcap.PcapTest.Value;
import java.util.Optional;

/**
 * eBPF for classic BPF's values, read straight from the packet: r7 = data and r8 = data_end, as the
 * packet parser leaves them (xdp and tc). Values are 32-bit (ALU32). Every load checks its end
 * against data_end and jumps to the rejection label when it is past the end, as libpcap rejects
 * the packet; a variable offset is first bounded (at most 0xfffb), which is also what the verifier
 * needs. Values take r1-r5 by nesting depth; r0 holds the load pointer. What is known about the
 * registers and the packet here ({@link #known}, {@link #pointer}, {@link #held}) is kept for the
 * code that walks the flow graph, which merges it where paths join.
 */
final class PcapValueCode {
    static final Register[] REGISTERS = {Register.R1, Register.R2, Register.R3, Register.R4, Register.R5};
    private static final int MAX_OFFSET = PcapReads.MAX_OFFSET;
    /** The largest offset a load instruction's 16-bit signed field holds. */
    private static final int LOAD_FIELD = 0x7fff;
    /**
     * Most steps of a protochain walk; one more rejects the packet. An IPv6 extension step moves at
     * least 8 bytes on and reads there, so chains of those end within this bound in frames of up
     * to 16 KiB (XDP frames, 9000-byte jumbo frames). libpcap's AH step sets the offset rather than
     * adding to it, so a chain through AH headers can come back to an offset it read, and libpcap
     * then loops for ever. The verifier walks every step: 8,192 steps (the 64 KiB a load may reach)
     * would cost it about 420,000 instructions of its 1,000,000 per walk.
     */
    static final int CHAIN_STEPS = 2048;

    /** What r1 holds: {@code value}, as loaded from the packet (network order) when {@code raw}. */
    record Held(Value value, boolean raw) {}

    private final CodeBuilder b;
    private final Label reject;
    private final int scratch;
    /** Bytes from the frame's start known to be in the packet here (checked on every path to this point). */
    int known = 0;
    /** The offset r0 points at (data + it) here, if known: a second load at that offset reuses r0, a later check moves it on. */
    Optional<Value> pointer = Optional.empty();
    /** What r1 holds here, if known: a second comparison of it reuses r1. */
    Optional<Held> held = Optional.empty();
    /** The largest value each scratch slot can hold ({@link PcapValues#slotBounds}); none known past the end. */
    long[] slots = new long[0];
    /** Whether the value being computed is a load's index (slots are then read masked to their bounds). */
    private boolean indexing;

    PcapValueCode(CodeBuilder b, Label reject, int scratch) {
        this.b = b;
        this.reject = reject;
        this.scratch = scratch;
    }

    /** Rejects the packet unless it holds {@code bytes} bytes. */
    void require(int bytes) {
        if (pointer.isPresent() && pointer.get() instanceof Value.Constant at) {
            // r0 = data + an earlier check's length on every way here: move it on.
            b.alu64(AluOp.ADD, R0, (int) (bytes - at.value())).jump(JumpOp.JGT, R0, R8, reject);
        } else {
            b.mov64(R0, R7).alu64(AluOp.ADD, R0, bytes).jump(JumpOp.JGT, R0, R8, reject);
        }
        pointer = Optional.of(new Value.Constant(bytes));
        known = bytes;
    }

    /** Stores {@code a}'s value in its scratch slot. */
    void store(PcapTest.Assign a) {
        value(a.value(), 0);
        b.store(Size.W, Register.R10, scratch + 4 * a.slot(), REGISTERS[0]);
        // r0 may point at an offset computed from the slot's old value; from other slots it still holds.
        if (pointer.isPresent() && reads(pointer.get(), a.slot())) pointer = Optional.empty();
    }

    /**
     * gen_protochain's loop, r1 holding the header type (its A), r2 the header's offset (its X), r3
     * the steps taken. The verifier walks every step, following the fall-through of a conditional
     * jump first and keeping the taken side pending (at most 8,192 pending): so each of the loop's
     * jumps continues it when taken and leaves it when not, and one jump decides whether to step,
     * the step's length computed without branches for both kinds of header. Each exit sets a
     * register before its goto, so that jump threading cannot fold the pair back into one jump.
     */
    void protochain(PcapTest.ProtoChain c, Label no) {
        pointer = Optional.empty();
        Register a = Register.R1;
        Register ah = Register.R4;
        value(c.first(), 0);
        value(c.start(), 1);
        b.mov64(Register.R3, 0);
        Label again = b.newLabel();
        Label found = b.newLabel();
        Label notFound = b.newLabel();
        Label notNone = b.newLabel();
        Label step = b.newLabel();
        b.bind(again);
        b.jump32(JumpOp.JNE, a, (int) c.protocol(), notFound).mov64(Register.R4, 1).goTo(found).bind(notFound);
        b.jump32(JumpOp.JNE, a, 59, notNone).mov64(Register.R4, 0).goTo(no).bind(notNone);
        // r4 = (A == AH): (A ^ 51) - 1 has its top bit set only when A ^ 51 is 0.
        b.mov64(ah, a).alu64(AluOp.XOR, ah, 51).alu64(AluOp.SUB, ah, 1).alu64(AluOp.RSH, ah, 63);
        if (c.ipv6()) {
            // r0 = A is hop-by-hop, routing, fragment or destination options: bit A of a mask, when A < 64.
            b.loadImm64(R0, 1L | 1L << 43 | 1L << 44 | 1L << 60).alu64(AluOp.RSH, R0, a).alu64(AluOp.AND, R0, 1);
            b.mov64(Register.R5, a).alu64(AluOp.SUB, Register.R5, 64).alu64(AluOp.RSH, Register.R5, 63).alu64(AluOp.AND, R0, Register.R5);
            b.alu64(AluOp.OR, R0, ah).jump(JumpOp.JNE, R0, 0, step);
        } else {
            b.jump(JumpOp.JNE, ah, 0, step);
        }
        b.mov64(Register.R4, 0).goTo(no);
        step(c.base(), step, again);
        b.bind(found);
    }

    /**
     * One step: the next type at base + X, then X += (length + 1) * 8 for an IPv6 extension header
     * but X = (length + 2) * 4 for AH (r4 = 1): libpcap's AH step sets X rather than adding to it.
     * Without branches: X &= r4 - 1, X += ((length + 1 + r4) << 3) >> r4. A read past the end, or
     * more than {@link #CHAIN_STEPS} steps, rejects the packet.
     */
    private void step(long base, Label at, Label again) {
        Register a = Register.R1;
        Register x = Register.R2;
        Register steps = Register.R3;
        Register ah = Register.R4;
        Register next = Register.R5;
        Label counted = b.newLabel();
        Label inRange = b.newLabel();
        Label inPacket = b.newLabel();
        b.bind(at).alu64(AluOp.ADD, steps, 1);
        b.jump(JumpOp.JLE, steps, CHAIN_STEPS, counted).mov64(a, 0).goTo(reject).bind(counted);
        b.mov64(next, x).alu64(AluOp.ADD, next, (int) base);
        b.jump(JumpOp.JLE, next, MAX_OFFSET, inRange).mov64(a, 0).goTo(reject).bind(inRange);
        b.mov64(R0, R7).alu64(AluOp.ADD, R0, next).mov64(next, R0).alu64(AluOp.ADD, next, 2);
        b.jump(JumpOp.JLE, next, R8, inPacket).mov64(a, 0).goTo(reject).bind(inPacket);
        b.load(Size.B, a, R0, 0).load(Size.B, next, R0, 1).alu64(AluOp.ADD, next, 1).alu64(AluOp.ADD, next, ah);
        b.alu64(AluOp.LSH, next, 3).alu64(AluOp.RSH, next, ah);
        b.alu64(AluOp.SUB, ah, 1).alu64(AluOp.AND, x, ah).alu64(AluOp.ADD, x, next).goTo(again);
    }

    /** Whether {@code v} reads scratch slot {@code slot}. */
    private static boolean reads(Value v, int slot) {
        if (v instanceof Value.Slot s) return s.slot() == slot;
        if (v instanceof Value.Load l) return reads(l.dynamic(), slot);
        if (v instanceof Value.Negate n) return reads(n.operand(), slot);
        return v instanceof Value.Binary b && (reads(b.left(), slot) || reads(b.right(), slot));
    }

    /** An upper bound of {@code v}: the verifier's ({@link PcapReads#bound}) or, through slots, the stored values'. */
    private long upper(Value v) {
        return Math.min(PcapReads.bound(v), PcapValues.largest(v, slots));
    }

    /** Each slot's {@link #slotMask}. */
    private long[] masks() {
        long[] masks = new long[slots.length];
        for (int i = 0; i < slots.length; i++) masks[i] = slotMask(new Value.Slot(i));
        return masks;
    }

    /** All ones up to the slot's largest value: masking with it keeps every value the slot can hold. */
    private long slotMask(Value.Slot slot) {
        long largest = PcapValues.largest(slot, slots);
        return largest >= 0x7fffffffL ? 0xffffffffL : Long.highestOneBit(largest) * 2 - 1;
    }

    private Register register(int depth) {
        if (depth >= REGISTERS.length) throw new PcapCompileError(1, "this filter's arithmetic nests too deep to evaluate (at most 5 levels)");
        return REGISTERS[depth];
    }

    /** {@code register(depth)} = v, zero-extended from 32 bits; deeper registers are scratch. */
    void value(Value v, int depth) {
        if (depth == 0) held = Optional.empty();
        Register r = register(depth);
        if (v instanceof Value.Constant k) {
            b.alu32(AluOp.MOV, r, (int) k.value());
        } else if (v instanceof Value.Slot slot) {
            b.load(Size.W, r, Register.R10, scratch + 4 * slot.slot());
            // In an index the verifier must see the slot's bound: the mask keeps every value it holds.
            if (indexing && slotMask(slot) < 0xffffffffL) b.alu32(AluOp.AND, r, (int) slotMask(slot));
        } else if (v instanceof Value.Length) {
            b.mov64(r, R8).alu64(AluOp.SUB, r, R7);
        } else if (v instanceof Value.HeaderLength h) {
            load(new Value.Load(new Value.Constant(0), h.offset(), 1), depth, true);
            b.alu32(AluOp.AND, r, 0xf).alu32(AluOp.LSH, r, 2);
        } else if (v instanceof Value.Load l) {
            load(l, depth, true);
        } else if (v instanceof Value.Negate n) {
            value(n.operand(), depth);
            b.alu32(AluOp.NEG, r, 0);
        } else {
            binary((Value.Binary) v, depth);
        }
    }

    private void binary(Value.Binary bin, int depth) {
        Register r = register(depth);
        if (PcapAlu.constant(bin).isPresent()) {
            b.alu32(AluOp.MOV, r, PcapAlu.constant(bin).getAsInt());
            return;
        }
        value(bin.left(), depth);
        AluOp op = PcapAlu.of(bin.op());
        boolean divides = op == AluOp.DIV || op == AluOp.MOD;
        boolean shifts = op == AluOp.LSH || op == AluOp.RSH;
        if (PcapAlu.immediate(op, bin.right())) {
            b.alu32(op, r, (int) ((Value.Constant) bin.right()).value());
            return;
        }
        Register s = register(depth + 1);
        value(bin.right(), depth + 1);
        if (divides) {
            // Classic BPF rejects the packet on a division by zero (eBPF would give 0).
            b.jump32(JumpOp.JEQ, s, 0, reject);
        }
        if (shifts) {
            // libpcap's interpreter gives 0 for shifts of 32 or more (eBPF would take the amount mod 32).
            Label inRange = b.newLabel();
            Label done = b.newLabel();
            b.jump32(JumpOp.JLT, s, 32, inRange).alu32(AluOp.MOV, r, 0).goTo(done).bind(inRange);
            b.alu32(op, r, s).bind(done);
            return;
        }
        b.alu32(op, r, s);
    }

    /**
     * A load no packet reaches: rejected by a length test (no packet is that long), not by a bare
     * jump, so that the code after it stays reachable for the verifier.
     */
    private void beyondEveryPacket(Register r) {
        b.mov64(r, R8).alu64(AluOp.SUB, r, R7).jump(JumpOp.JLE, r, MAX_OFFSET, reject).alu32(AluOp.MOV, r, 0);
    }

    /**
     * A load at {@code dynamic + field}, the index bounded: r0 = data + index + k, k the bytes past
     * the index already checked on every way here ({@link #pointer} is the index, or index + k), so
     * the check moves r0 on to the load's end ({@code r0 += end - k; if r0 > data_end}, none when
     * k covers it) and the load reads back from r0. A second load at the same index (a port's other
     * half) costs the move and the check, not a new pointer.
     */
    private void variableLoad(Value.Load l, int depth, Size size, int field) {
        Register r = register(depth);
        Value index = l.dynamic();
        long k;
        if (pointer.equals(Optional.of(index))) {
            k = 0;
        } else if (!(index instanceof Value.Binary ib && ib.op() == PcapTest.Arith.ADD) && pointer.isPresent()
                && pointer.get() instanceof Value.Binary pb && pb.op() == PcapTest.Arith.ADD && pb.left().equals(index)
                && pb.right() instanceof Value.Constant c) {
            k = c.value();
        } else if (index instanceof Value.Slot slot) {
            // A slot's value comes back from the stack unknown to the verifier: masked to the
            // slot's bound (every value stored in it is at most that), which changes nothing,
            // it is known to it; then r0 += data.
            b.load(Size.W, R0, Register.R10, scratch + 4 * slot.slot()).alu32(AluOp.AND, R0, (int) slotMask(slot)).alu64(AluOp.ADD, R0, R7);
            k = 0;
        } else if (index instanceof Value.HeaderLength h && h.offset() < LOAD_FIELD) {
            // 4*([k]&0xf) straight into r0, then r0 += data (scalar + packet pointer): a move fewer
            // than the header length in r and r0 = data + r. Nothing else reads it: a later use
            // computes it again, as before.
            int end = (int) h.offset() + 1;
            if (end > known) require(end);
            b.load(Size.B, R0, R7, (int) h.offset()).alu32(AluOp.AND, R0, 0xf).alu32(AluOp.LSH, R0, 2).alu64(AluOp.ADD, R0, R7);
            k = 0;
        } else {
            boolean was = indexing;
            indexing = true;
            value(index, depth);
            indexing = was;
            b.mov64(R0, R7).alu64(AluOp.ADD, R0, r);
            k = 0;
        }
        int end = field + l.size();
        if (end > k) {
            b.alu64(AluOp.ADD, R0, (int) (end - k)).jump(JumpOp.JGT, R0, R8, reject);
            k = end;
        }
        pointer = Optional.of(k == 0 ? index : new Value.Binary(PcapTest.Arith.ADD, index, new Value.Constant(k)));
        b.load(size, r, R0, (int) (field - k));
    }

    /**
     * register(depth) = the load (in host order when {@code swap}, else as the bytes lie), or a jump
     * to the rejection label when it reads past the end.
     */
    void load(Value.Load l, int depth, boolean swap) {
        if (depth == 0) held = Optional.empty();
        // A constant added to the offset moves into the load's own offset, when the 32-bit sum cannot wrap.
        while (l.dynamic() instanceof Value.Binary bin && bin.op() == PcapTest.Arith.ADD
                && (bin.left() instanceof Value.Constant || bin.right() instanceof Value.Constant)) {
            boolean leftConstant = bin.left() instanceof Value.Constant;
            long k = ((Value.Constant) (leftConstant ? bin.left() : bin.right())).value();
            Value rest = leftConstant ? bin.right() : bin.left();
            if (k + upper(rest) > 0xffffffffL) break;
            l = new Value.Load(rest, l.offset() + k, l.size());
        }
        Register r = register(depth);
        Size size = switch (l.size()) {
            case 1 -> Size.B;
            case 2 -> Size.H;
            default -> Size.W;
        };
        if (l.dynamic() instanceof Value.Constant c) {
            long at = c.value() + l.offset();
            if (at > MAX_OFFSET) {
                beyondEveryPacket(r);
                return;
            }
            int end = (int) at + l.size();
            if (end > known) require(end);
            if (at <= LOAD_FIELD) {
                b.load(size, r, R7, (int) at);
            } else {
                b.mov64(R0, R7).alu64(AluOp.ADD, R0, (int) at).load(size, r, R0, 0);
                pointer = Optional.empty();
            }
        } else {
            if (l.offset() > MAX_OFFSET) {
                value(l.dynamic(), depth);
                beyondEveryPacket(r);
                return;
            }
            int field = (int) l.offset();
            boolean bounded = field <= LOAD_FIELD - 4 && PcapReads.bound(l.dynamic(), masks()) + l.offset() <= MAX_OFFSET;
            if (bounded) {
                variableLoad(l, depth, size, field);
                if (swap && l.size() > 1) b.add(new Instruction.ByteSwap(Instruction.ByteSwap.ByteOrder.TO_BE, 8 * l.size(), r));
                return;
            }
            {
                value(l.dynamic(), depth);
                if (!bounded) {
                    if (field != 0) b.alu64(AluOp.ADD, r, field);
                    b.jump(JumpOp.JGT, r, MAX_OFFSET, reject);
                    field = 0;
                }
                b.mov64(R0, R7).alu64(AluOp.ADD, R0, r);
                pointer = bounded ? Optional.of(l.dynamic()) : Optional.empty();
            }
            b.mov64(r, R0).alu64(AluOp.ADD, r, field + l.size()).jump(JumpOp.JGT, r, R8, reject);
            b.load(size, r, R0, field);
        }
        if (swap && l.size() > 1) b.add(new Instruction.ByteSwap(Instruction.ByteSwap.ByteOrder.TO_BE, 8 * l.size(), r));
    }
}
