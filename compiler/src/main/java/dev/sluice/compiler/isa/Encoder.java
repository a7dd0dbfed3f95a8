package dev.sluice.compiler.isa;

import static dev.sluice.compiler.isa.Opcode.*;

import dev.sluice.compiler.isa.Instruction.*;
import java.nio.ByteBuffer;
import java.util.List;

/** Instructions to their 8-byte little-endian encoding (RFC 9669 section 3). */
public final class Encoder {
    private Encoder() {}

    /** The encoding of all {@code instructions}, in order: 8 bytes per slot. */
    public static byte[] encode(List<? extends Instruction> instructions) {
        int slots = 0;
        for (Instruction insn : instructions) slots += insn.slots();
        ByteBuffer out = ByteBuffer.allocate(slots * 8);
        for (Instruction insn : instructions) encode(insn, out);
        return out.array();
    }

    /** The encoding of one instruction: 8 bytes, or 16 for a 64-bit immediate load. */
    public static byte[] encode(Instruction insn) {
        ByteBuffer out = ByteBuffer.allocate(insn.slots() * 8);
        encode(insn, out);
        return out.array();
    }

    /** Writes one instruction at the buffer's position, little-endian whatever the buffer's order. */
    public static void encode(Instruction insn, ByteBuffer out) {
        if (insn instanceof Alu a) {
            int cls = a.wide() ? ALU64 : ALU;
            if (a.src() instanceof Operand.Reg r) {
                slot(out, cls | a.op().code() | X, a.dst(), r.register().number(), a.op().offset(), 0);
            } else {
                slot(out, cls | a.op().code() | K, a.dst(), 0, a.op().offset(), ((Operand.Imm) a.src()).value());
            }
        } else if (insn instanceof ByteSwap s) {
            int code;
            switch (s.order()) {
                case TO_LE: code = ALU | END | K; break;
                case TO_BE: code = ALU | END | X; break;
                default: code = ALU64 | END | K; break;
            }
            slot(out, code, s.dst(), 0, 0, s.bits());
        } else if (insn instanceof Jump j) {
            int cls = j.jmp32() ? JMP32 : JMP;
            if (j.src() instanceof Operand.Reg r) {
                slot(out, cls | j.op().code() | X, j.dst(), r.register().number(), j.offset(), 0);
            } else {
                slot(out, cls | j.op().code() | K, j.dst(), 0, j.offset(), ((Operand.Imm) j.src()).value());
            }
        } else if (insn instanceof Goto g) {
            if (g.wide()) {
                slot(out, JMP32 | JA, Register.R0, 0, 0, g.offset());
            } else {
                slot(out, JMP | JA, Register.R0, 0, g.offset(), 0);
            }
        } else if (insn instanceof Call c) {
            slot(out, JMP | CALL, Register.R0, c.kind().code(), 0, c.imm());
        } else if (insn instanceof Exit) {
            slot(out, JMP | EXIT, Register.R0, 0, 0, 0);
        } else if (insn instanceof LoadImm64 l) {
            slot(out, LD | IMM | Size.DW.code(), l.dst(), l.source().code(), 0, (int) l.imm());
            slot(out, 0, Register.R0, 0, 0, (int) (l.imm() >>> 32));
        } else if (insn instanceof LoadPacket p) {
            slot(out, LD | (p.indirect() ? IND : ABS) | p.size().code(), Register.R0, p.src().number(), 0, p.imm());
        } else if (insn instanceof Load l) {
            slot(out, LDX | (l.signExtend() ? MEMSX : MEM) | l.size().code(), l.dst(), l.src().number(), l.offset(), 0);
        } else if (insn instanceof Store s) {
            if (s.src() instanceof Operand.Reg r) {
                slot(out, STX | MEM | s.size().code(), s.dst(), r.register().number(), s.offset(), 0);
            } else {
                slot(out, ST | MEM | s.size().code(), s.dst(), 0, s.offset(), ((Operand.Imm) s.src()).value());
            }
        } else if (insn instanceof Atomic a) {
            slot(out, STX | ATOMIC | a.size().code(), a.dst(), a.src().number(), a.offset(), a.op().imm());
        } else {
            throw new IllegalStateException("unknown instruction " + insn);
        }
    }

    private static void slot(ByteBuffer out, int code, Register dst, int src, int offset, int imm) {
        out.put((byte) code);
        out.put((byte) (dst.number() | (src << 4)));
        out.put((byte) offset).put((byte) (offset >> 8));
        out.put((byte) imm).put((byte) (imm >> 8)).put((byte) (imm >> 16)).put((byte) (imm >> 24));
    }
}
