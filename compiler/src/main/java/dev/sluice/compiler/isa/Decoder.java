package dev.sluice.compiler.isa;

import static dev.sluice.compiler.isa.Opcode.*;

import dev.sluice.compiler.isa.Instruction.*;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes to instructions. Reserved fields must be zero, as the kernel demands, so that decoding then
 * encoding gives back the same bytes; anything else is a {@link DecodeException} naming the byte
 * offset and the reason.
 */
public final class Decoder {
    private Decoder() {}

    /** The instructions in {@code bytes}, in order; DecodeException at the first invalid slot. */
    public static List<Instruction> decode(byte[] bytes) {
        if (bytes.length % 8 != 0) {
            throw new DecodeException(bytes.length - bytes.length % 8,
                    "the code is " + bytes.length + " bytes, not a multiple of 8");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        List<Instruction> out = new ArrayList<>(bytes.length / 8);
        while (in.hasRemaining()) {
            Instruction insn = decodeOne(in);
            out.add(insn);
        }
        return out;
    }

    /**
     * Decodes the instruction at the buffer's position and advances past it. The bytes are read as
     * little-endian whatever the buffer's order; offsets in exceptions are buffer positions.
     */
    public static Instruction decodeOne(ByteBuffer in) {
        int at = in.position();
        if (in.remaining() < 8) {
            throw new DecodeException(at, "only " + in.remaining() + " bytes are left, an instruction takes 8");
        }
        Slot s = Slot.read(in);
        switch (cls(s.code)) {
            case ALU:
            case ALU64:
                return alu(s, at);
            case JMP:
            case JMP32:
                return jump(s, at);
            case LD:
                return ld(s, in, at);
            case LDX:
                return ldx(s, at);
            case ST:
                return st(s, at);
            default:
                return stx(s, at);
        }
    }

    private record Slot(int code, int dst, int src, int off, int imm) {
        /** Reads 8 bytes little-endian, whatever the buffer's own byte order. */
        static Slot read(ByteBuffer in) {
            int code = in.get() & 0xff;
            int regs = in.get() & 0xff;
            int off = (short) (in.get() & 0xff | (in.get() & 0xff) << 8);
            int imm = in.get() & 0xff | (in.get() & 0xff) << 8 | (in.get() & 0xff) << 16 | (in.get() & 0xff) << 24;
            return new Slot(code, regs & 0x0f, regs >>> 4, off, imm);
        }

        Register dstReg(int at) {
            return reg(dst, "destination", at);
        }

        Register srcReg(int at) {
            return reg(src, "source", at);
        }

        private static Register reg(int n, String which, int at) {
            if (n > 10) throw new DecodeException(at, which + " register r" + n + " does not exist");
            return Register.of(n);
        }

        String hex() {
            return String.format("opcode 0x%02x", code);
        }
    }

    private static Instruction alu(Slot s, int at) {
        boolean wide = cls(s.code) == ALU64;
        int opBits = s.code & OP_MASK;
        boolean x = (s.code & SOURCE_MASK) == X;
        Register dst = s.dstReg(at);
        if (opBits == END) {
            zero(s.src, "source register of a byte swap", at);
            zero(s.off, "offset of a byte swap", at);
            if (s.imm != 16 && s.imm != 32 && s.imm != 64) {
                throw new DecodeException(at, "byte swap width " + s.imm + " is not 16, 32 or 64");
            }
            ByteSwap.ByteOrder order;
            if (!wide) {
                order = x ? ByteSwap.ByteOrder.TO_BE : ByteSwap.ByteOrder.TO_LE;
            } else if (!x) {
                order = ByteSwap.ByteOrder.SWAP;
            } else {
                throw new DecodeException(at, "unknown " + s.hex() + " (64-bit byte swap has no source bit)");
            }
            return new ByteSwap(order, s.imm, dst);
        }
        AluOp op = AluOp.of(opBits, s.off);
        if (op == null) {
            if (AluOp.of(opBits, 0) == null) throw new DecodeException(at, "unknown " + s.hex());
            throw new DecodeException(at, "offset " + s.off + " is reserved for " + AluOp.of(opBits, 0));
        }
        if (op == AluOp.NEG) {
            if (x || s.src != 0 || s.imm != 0) throw new DecodeException(at, "neg uses reserved fields");
            return new Alu(wide, op, dst, Operand.imm(0));
        }
        if (op.isSignExtendingMove() && (!x || (op == AluOp.MOVSX32 && !wide))) {
            throw new DecodeException(at, "offset " + s.off + " is reserved for mov");
        }
        if (x) {
            zero(s.imm, "immediate of a register operation", at);
            return new Alu(wide, op, dst, Operand.reg(s.srcReg(at)));
        }
        zero(s.src, "source register of an immediate operation", at);
        return new Alu(wide, op, dst, Operand.imm(s.imm));
    }

    private static Instruction jump(Slot s, int at) {
        boolean jmp32 = cls(s.code) == JMP32;
        int opBits = s.code & OP_MASK;
        boolean x = (s.code & SOURCE_MASK) == X;
        if (opBits == JA) {
            if (x || s.dst != 0 || s.src != 0) throw new DecodeException(at, "ja uses reserved fields");
            if (jmp32) {
                zero(s.off, "offset of gotol (its target is in the immediate)", at);
                return new Goto(s.imm, true);
            }
            zero(s.imm, "immediate of ja", at);
            return new Goto(s.off, false);
        }
        if (opBits == CALL || opBits == EXIT) {
            String name = opBits == CALL ? "call" : "exit";
            if (jmp32) throw new DecodeException(at, "unknown " + s.hex() + " (" + name + " in the jmp32 class)");
            if (x || s.dst != 0 || s.off != 0) throw new DecodeException(at, name + " uses reserved fields");
            if (opBits == EXIT) {
                if (s.src != 0 || s.imm != 0) throw new DecodeException(at, "exit uses reserved fields");
                return new Exit();
            }
            CallKind kind = CallKind.of(s.src);
            if (kind == null) throw new DecodeException(at, "call kind " + s.src + " is not helper, local or kfunc");
            return new Call(kind, s.imm);
        }
        JumpOp op = JumpOp.of(opBits);
        if (op == null) throw new DecodeException(at, "unknown " + s.hex());
        Register dst = s.dstReg(at);
        if (x) {
            zero(s.imm, "immediate of a register comparison", at);
            return new Jump(jmp32, op, dst, Operand.reg(s.srcReg(at)), s.off);
        }
        zero(s.src, "source register of an immediate comparison", at);
        return new Jump(jmp32, op, dst, Operand.imm(s.imm), s.off);
    }

    private static Instruction ld(Slot s, ByteBuffer in, int at) {
        int mode = s.code & MODE_MASK;
        Size size = Size.ofCode(s.code & SIZE_MASK);
        if (mode == IMM && size == Size.DW) {
            zero(s.off, "offset of a 64-bit immediate load", at);
            Pseudo pseudo = Pseudo.of(s.src);
            if (pseudo == null) throw new DecodeException(at, "unknown 64-bit load source " + s.src);
            if (in.remaining() < 8) throw new DecodeException(at, "a 64-bit immediate load needs a second slot");
            Slot hi = Slot.read(in);
            if (hi.code != 0 || hi.dst != 0 || hi.src != 0 || hi.off != 0) {
                throw new DecodeException(at + 8, "second slot of a 64-bit immediate load uses reserved fields");
            }
            long imm = (s.imm & 0xffffffffL) | ((long) hi.imm << 32);
            return new LoadImm64(s.dstReg(at), pseudo, imm);
        }
        if ((mode == ABS || mode == IND) && size != Size.DW) {
            if (s.dst != 0 || s.off != 0 || (mode == ABS && s.src != 0)) {
                throw new DecodeException(at, "packet load uses reserved fields");
            }
            return new LoadPacket(mode == IND, size, s.srcReg(at), s.imm);
        }
        throw new DecodeException(at, "unknown " + s.hex() + " in the ld class");
    }

    private static Instruction ldx(Slot s, int at) {
        int mode = s.code & MODE_MASK;
        Size size = Size.ofCode(s.code & SIZE_MASK);
        if (mode != MEM && !(mode == MEMSX && size != Size.DW)) {
            throw new DecodeException(at, "unknown " + s.hex() + " in the ldx class");
        }
        zero(s.imm, "immediate of a load", at);
        return new Load(size, s.dstReg(at), s.srcReg(at), s.off, mode == MEMSX);
    }

    private static Instruction st(Slot s, int at) {
        if ((s.code & MODE_MASK) != MEM) throw new DecodeException(at, "unknown " + s.hex() + " in the st class");
        zero(s.src, "source register of an immediate store", at);
        return new Store(Size.ofCode(s.code & SIZE_MASK), s.dstReg(at), s.off, Operand.imm(s.imm));
    }

    private static Instruction stx(Slot s, int at) {
        int mode = s.code & MODE_MASK;
        Size size = Size.ofCode(s.code & SIZE_MASK);
        if (mode == MEM) {
            zero(s.imm, "immediate of a register store", at);
            return new Store(size, s.dstReg(at), s.off, Operand.reg(s.srcReg(at)));
        }
        if (mode == ATOMIC && (size == Size.W || size == Size.DW)) {
            AtomicOp op = AtomicOp.of(s.imm);
            if (op == null) throw new DecodeException(at, String.format("unknown atomic operation 0x%x", s.imm));
            return new Atomic(size, op, s.dstReg(at), s.srcReg(at), s.off);
        }
        throw new DecodeException(at, "unknown " + s.hex() + " in the stx class");
    }

    private static void zero(int field, String what, int at) {
        if (field != 0) throw new DecodeException(at, "reserved field: " + what + " is " + field + ", must be 0");
    }
}
