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

/**
 * eBPF for a {@link PcapTest}, read straight from the packet: r7 = data and r8 = data_end, as the
 * packet parser leaves them (xdp and tc). Values are classic BPF's 32-bit ones (ALU32, JMP32).
 * Every load checks its end against data_end and jumps to the rejection label when it is past the
 * end, as libpcap rejects the packet; a variable offset is first bounded (at most 0xfffb), which is
 * also what the verifier needs. Values take r1-r5 by nesting depth; r0 holds the load pointer.
 */
public final class PcapEmitter {
    private static final Register[] REGISTERS = {Register.R1, Register.R2, Register.R3, Register.R4, Register.R5};
    private static final int MAX_OFFSET = 0xffff - 4;

    private final CodeBuilder b;
    private final Label reject;

    private PcapEmitter(CodeBuilder b, Label reject) {
        this.b = b;
        this.reject = reject;
    }

    /**
     * Falls through when {@code test} holds and jumps to {@code otherwise} when it does not or when
     * libpcap would reject the packet (a read past its end, a division by zero).
     */
    public static void emit(CodeBuilder b, PcapTest test, Label otherwise) {
        new PcapEmitter(b, otherwise).test(test, otherwise);
    }

    private void test(PcapTest t, Label no) {
        if (t instanceof PcapTest.And a) {
            test(a.left(), no);
            test(a.right(), no);
        } else if (t instanceof PcapTest.Or o) {
            Label next = b.newLabel();
            Label holds = b.newLabel();
            test(o.left(), next);
            b.goTo(holds).bind(next);
            test(o.right(), no);
            b.bind(holds);
        } else if (t instanceof PcapTest.Not n) {
            Label inner = b.newLabel();
            test(n.operand(), inner);
            b.goTo(no).bind(inner);
        } else if (t instanceof PcapTest.Constant k) {
            if (!k.value()) b.goTo(no);
        } else {
            PcapTest.Compare c = (PcapTest.Compare) t;
            value(c.left(), 0);
            JumpOp unless = negation(c.op());
            if (c.right() instanceof Value.Constant k) {
                b.jump32(unless, REGISTERS[0], (int) k.value(), no);
            } else {
                value(c.right(), 1);
                b.jump32(unless, REGISTERS[0], REGISTERS[1], no);
            }
        }
    }

    private static JumpOp negation(PcapTest.Op op) {
        return switch (op) {
            case EQ -> JumpOp.JNE;
            case NE -> JumpOp.JEQ;
            case GT -> JumpOp.JLE;
            case GE -> JumpOp.JLT;
            case LT -> JumpOp.JGE;
            case LE -> JumpOp.JGT;
        };
    }

    private Register register(int depth) {
        if (depth >= REGISTERS.length) throw new PcapCompileError(1, "this filter's arithmetic nests too deep to evaluate (at most 5 levels)");
        return REGISTERS[depth];
    }

    /** {@code register(depth)} = v, zero-extended from 32 bits; deeper registers are scratch. */
    private void value(Value v, int depth) {
        Register r = register(depth);
        if (v instanceof Value.Constant k) {
            b.alu32(AluOp.MOV, r, (int) k.value());
        } else if (v instanceof Value.Length) {
            b.mov64(r, R8).alu64(AluOp.SUB, r, R7);
        } else if (v instanceof Value.HeaderLength h) {
            load(new Value.Load(new Value.Constant(0), h.offset(), 1), depth);
            b.alu32(AluOp.AND, r, 0xf).alu32(AluOp.LSH, r, 2);
        } else if (v instanceof Value.Load l) {
            load(l, depth);
        } else if (v instanceof Value.Negate n) {
            value(n.operand(), depth);
            b.alu32(AluOp.NEG, r, 0);
        } else {
            binary((Value.Binary) v, depth);
        }
    }

    private void binary(Value.Binary bin, int depth) {
        Register r = register(depth);
        value(bin.left(), depth);
        AluOp op = switch (bin.op()) {
            case ADD -> AluOp.ADD;
            case SUB -> AluOp.SUB;
            case MUL -> AluOp.MUL;
            case DIV -> AluOp.DIV;
            case MOD -> AluOp.MOD;
            case AND -> AluOp.AND;
            case OR -> AluOp.OR;
            case XOR -> AluOp.XOR;
            case LSH -> AluOp.LSH;
            case RSH -> AluOp.RSH;
        };
        boolean divides = op == AluOp.DIV || op == AluOp.MOD;
        boolean shifts = op == AluOp.LSH || op == AluOp.RSH;
        if (bin.right() instanceof Value.Constant k && !(divides && k.value() == 0) && !(shifts && k.value() > 31)) {
            b.alu32(op, r, (int) k.value());
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

    /** register(depth) = the load, or a jump to the rejection label when it reads past the end. */
    private void load(Value.Load l, int depth) {
        Register r = register(depth);
        if (l.dynamic() instanceof Value.Constant c) {
            long at = c.value() + l.offset();
            if (at > MAX_OFFSET) {
                beyondEveryPacket(r);
                return;
            }
            b.mov64(R0, R7).alu64(AluOp.ADD, R0, (int) at);
        } else {
            value(l.dynamic(), depth);
            if (l.offset() > MAX_OFFSET) {
                beyondEveryPacket(r);
                return;
            }
            b.alu64(AluOp.ADD, r, (int) l.offset()).jump(JumpOp.JGT, r, MAX_OFFSET, reject);
            b.mov64(R0, R7).alu64(AluOp.ADD, R0, r);
        }
        b.mov64(r, R0).alu64(AluOp.ADD, r, l.size()).jump(JumpOp.JGT, r, R8, reject);
        switch (l.size()) {
            case 1 -> b.load(Size.B, r, R0, 0);
            case 2 -> b.load(Size.H, r, R0, 0).add(new Instruction.ByteSwap(Instruction.ByteSwap.ByteOrder.TO_BE, 16, r));
            default -> b.load(Size.W, r, R0, 0).add(new Instruction.ByteSwap(Instruction.ByteSwap.ByteOrder.TO_BE, 32, r));
        }
    }
}
