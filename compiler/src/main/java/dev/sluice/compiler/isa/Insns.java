package dev.sluice.compiler.isa;

import dev.sluice.compiler.isa.Instruction.*;

/** Short factories for instructions, for tests and hand-written code: {@code mov64(R0, 1)}. */
public final class Insns {
    private Insns() {}

    /** {@code dst OP= src} in 64 bits. */
    public static Alu alu64(AluOp op, Register dst, Register src) {
        return new Alu(true, op, dst, Operand.reg(src));
    }

    /** {@code dst OP= imm} in 64 bits, the immediate sign-extended. */
    public static Alu alu64(AluOp op, Register dst, int imm) {
        return new Alu(true, op, dst, Operand.imm(imm));
    }

    /** {@code dst OP= src} on the low 32 bits, the result zero-extended. */
    public static Alu alu32(AluOp op, Register dst, Register src) {
        return new Alu(false, op, dst, Operand.reg(src));
    }

    /** {@code dst OP= imm} on the low 32 bits, the result zero-extended. */
    public static Alu alu32(AluOp op, Register dst, int imm) {
        return new Alu(false, op, dst, Operand.imm(imm));
    }

    /** {@code dst = src}. */
    public static Alu mov64(Register dst, Register src) {
        return alu64(AluOp.MOV, dst, src);
    }

    /** {@code dst = imm}, sign-extended to 64 bits. */
    public static Alu mov64(Register dst, int imm) {
        return alu64(AluOp.MOV, dst, imm);
    }

    /** {@code dst = imm} as 32 bits, zero-extended (so {@code -1} gives {@code 0xffffffff}). */
    public static Alu mov32(Register dst, int imm) {
        return alu32(AluOp.MOV, dst, imm);
    }

    /** {@code dst = imm}, any 64-bit constant, over two slots. */
    public static LoadImm64 ldImm64(Register dst, long imm) {
        return new LoadImm64(dst, Pseudo.NONE, imm);
    }

    /** {@code dst = map}: the kernel replaces map file descriptor {@code fd} with the map's address. */
    public static LoadImm64 ldMapFd(Register dst, int fd) {
        return new LoadImm64(dst, Pseudo.MAP_FD, fd & 0xffffffffL);
    }

    /** {@code dst = &value + offset}: the address inside the value of key 0 of array map {@code fd}. */
    public static LoadImm64 ldMapValue(Register dst, int fd, int offset) {
        return new LoadImm64(dst, Pseudo.MAP_VALUE, (fd & 0xffffffffL) | ((long) offset << 32));
    }

    /** {@code dst = *(size *)(src + offset)}, zero-extended. */
    public static Load load(Size size, Register dst, Register src, int offset) {
        return new Load(size, dst, src, offset, false);
    }

    /** {@code *(size *)(dst + offset) = src}, truncated to the width. */
    public static Store store(Size size, Register dst, int offset, Register src) {
        return new Store(size, dst, offset, Operand.reg(src));
    }

    /** {@code *(size *)(dst + offset) = imm}, truncated to the width. */
    public static Store store(Size size, Register dst, int offset, int imm) {
        return new Store(size, dst, offset, Operand.imm(imm));
    }

    /** {@code if dst OP src goto +offset}, comparing 64 bits; the offset counts slots after this one. */
    public static Jump jump(JumpOp op, Register dst, Register src, int offset) {
        return new Jump(false, op, dst, Operand.reg(src), offset);
    }

    /** {@code if dst OP imm goto +offset}, the immediate sign-extended to 64 bits. */
    public static Jump jump(JumpOp op, Register dst, int imm, int offset) {
        return new Jump(false, op, dst, Operand.imm(imm), offset);
    }

    /** {@code goto +offset} with a 16-bit offset in slots after this one. */
    public static Goto ja(int offset) {
        return new Goto(offset, false);
    }

    /** A call of kernel helper {@code helperId} ({@link Helper#id()}). */
    public static Call call(int helperId) {
        return new Call(CallKind.HELPER, helperId);
    }

    /** {@code exit}. */
    public static Exit exit() {
        return new Exit();
    }
}
