package dev.sluice.compiler.isa;

import dev.sluice.compiler.isa.Instruction.*;

/** Short factories for instructions, for tests and hand-written code: {@code mov64(R0, 1)}. */
public final class Insns {
    private Insns() {}

    public static Alu alu64(AluOp op, Register dst, Register src) {
        return new Alu(true, op, dst, Operand.reg(src));
    }

    public static Alu alu64(AluOp op, Register dst, int imm) {
        return new Alu(true, op, dst, Operand.imm(imm));
    }

    public static Alu alu32(AluOp op, Register dst, Register src) {
        return new Alu(false, op, dst, Operand.reg(src));
    }

    public static Alu alu32(AluOp op, Register dst, int imm) {
        return new Alu(false, op, dst, Operand.imm(imm));
    }

    public static Alu mov64(Register dst, Register src) {
        return alu64(AluOp.MOV, dst, src);
    }

    public static Alu mov64(Register dst, int imm) {
        return alu64(AluOp.MOV, dst, imm);
    }

    public static Alu mov32(Register dst, int imm) {
        return alu32(AluOp.MOV, dst, imm);
    }

    public static LoadImm64 ldImm64(Register dst, long imm) {
        return new LoadImm64(dst, Pseudo.NONE, imm);
    }

    public static LoadImm64 ldMapFd(Register dst, int fd) {
        return new LoadImm64(dst, Pseudo.MAP_FD, fd & 0xffffffffL);
    }

    public static LoadImm64 ldMapValue(Register dst, int fd, int offset) {
        return new LoadImm64(dst, Pseudo.MAP_VALUE, (fd & 0xffffffffL) | ((long) offset << 32));
    }

    public static Load load(Size size, Register dst, Register src, int offset) {
        return new Load(size, dst, src, offset, false);
    }

    public static Store store(Size size, Register dst, int offset, Register src) {
        return new Store(size, dst, offset, Operand.reg(src));
    }

    public static Store store(Size size, Register dst, int offset, int imm) {
        return new Store(size, dst, offset, Operand.imm(imm));
    }

    public static Jump jump(JumpOp op, Register dst, Register src, int offset) {
        return new Jump(false, op, dst, Operand.reg(src), offset);
    }

    public static Jump jump(JumpOp op, Register dst, int imm, int offset) {
        return new Jump(false, op, dst, Operand.imm(imm), offset);
    }

    public static Goto ja(int offset) {
        return new Goto(offset, false);
    }

    public static Call call(int helperId) {
        return new Call(CallKind.HELPER, helperId);
    }

    public static Exit exit() {
        return new Exit();
    }
}
