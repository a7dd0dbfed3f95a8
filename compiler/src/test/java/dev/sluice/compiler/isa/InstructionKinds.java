package dev.sluice.compiler.isa;

import static dev.sluice.compiler.isa.Register.R0;

import dev.sluice.compiler.isa.Instruction.*;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Instruction kinds for golden tests, which need reproducible batches rather than jqwik's
 * per-try generation: one generator per kind over a seeded {@link Random}, and the name of an
 * instruction's kind.
 */
final class InstructionKinds {
    private InstructionKinds() {}

    /**
     * One generator per kind, every kind of the model; the fields are random. Local calls are left
     * out: their offset must land on an instruction, which only the caller can arrange.
     */
    static List<Function<Random, Instruction>> generators() {
        List<Function<Random, Instruction>> t = new ArrayList<>();
        for (boolean wide : new boolean[] {true, false}) {
            for (AluOp op : AluOp.values()) {
                if (op == AluOp.MOVSX32 && !wide) continue;
                if (op != AluOp.NEG && !op.isSignExtendingMove()) {
                    t.add(r -> new Alu(wide, op, reg(r), Operand.imm(imm(r))));
                }
                if (op != AluOp.NEG) t.add(r -> new Alu(wide, op, reg(r), Operand.reg(reg(r))));
                if (op == AluOp.NEG) t.add(r -> new Alu(wide, op, reg(r), Operand.imm(0)));
            }
        }
        for (ByteSwap.ByteOrder order : ByteSwap.ByteOrder.values()) {
            for (int bits : new int[] {16, 32, 64}) t.add(r -> new ByteSwap(order, bits, reg(r)));
        }
        for (boolean jmp32 : new boolean[] {false, true}) {
            for (JumpOp op : JumpOp.values()) {
                t.add(r -> new Jump(jmp32, op, reg(r), Operand.imm(imm(r)), offset(r)));
                t.add(r -> new Jump(jmp32, op, reg(r), Operand.reg(reg(r)), offset(r)));
            }
        }
        t.add(r -> new Goto(offset(r), false));
        t.add(r -> new Goto(imm(r), true));
        t.add(r -> new Call(CallKind.HELPER, r.nextInt(HelperNames.MAX_ID + 20)));
        t.add(r -> new Call(CallKind.KFUNC, imm(r)));
        t.add(r -> new Exit());
        t.add(r -> new LoadImm64(reg(r), Pseudo.NONE, r.nextBoolean() ? r.nextLong() : imm(r)));
        t.add(r -> new LoadImm64(reg(r), Pseudo.MAP_FD, Integer.toUnsignedLong(imm(r))));
        t.add(r -> new LoadImm64(reg(r), Pseudo.MAP_VALUE, r.nextLong()));
        t.add(r -> new LoadImm64(reg(r), Pseudo.BTF_ID, Integer.toUnsignedLong(imm(r))));
        t.add(r -> new LoadImm64(reg(r), Pseudo.FUNC, r.nextBoolean() ? imm(r) : Integer.toUnsignedLong(imm(r))));
        t.add(r -> new LoadImm64(reg(r), Pseudo.MAP_IDX, Integer.toUnsignedLong(imm(r))));
        t.add(r -> new LoadImm64(reg(r), Pseudo.MAP_IDX_VALUE, r.nextLong()));
        for (Size size : new Size[] {Size.B, Size.H, Size.W}) {
            t.add(r -> new LoadPacket(false, size, R0, imm(r)));
            t.add(r -> new LoadPacket(true, size, reg(r), 0));
            t.add(r -> new LoadPacket(true, size, reg(r), imm(r)));
        }
        for (Size size : Size.values()) {
            t.add(r -> new Load(size, reg(r), reg(r), offset(r), false));
            if (size != Size.DW) t.add(r -> new Load(size, reg(r), reg(r), offset(r), true));
            t.add(r -> new Store(size, reg(r), offset(r), Operand.reg(reg(r))));
            t.add(r -> new Store(size, reg(r), offset(r), Operand.imm(imm(r))));
        }
        for (Size size : new Size[] {Size.W, Size.DW}) {
            for (AtomicOp op : AtomicOp.values()) t.add(r -> new Atomic(size, op, reg(r), reg(r), offset(r)));
        }
        return t;
    }

    /** One instruction of each kind, local calls included, with arbitrary fields. */
    static List<Instruction> oneOfEach() {
        List<Instruction> out = new ArrayList<>();
        Random r = new Random(1);
        for (Function<Random, Instruction> kind : generators()) out.add(kind.apply(r));
        out.add(new Call(CallKind.LOCAL, 0));
        return out;
    }

    static Register reg(Random r) {
        return Register.of(r.nextInt(11));
    }

    /** A 32-bit immediate, often an edge value. */
    static int imm(Random r) {
        switch (r.nextInt(8)) {
            case 0: return 0;
            case 1: return -1;
            case 2: return r.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE;
            case 3: return r.nextInt(256) - 128;
            default: return r.nextInt();
        }
    }

    /** A 16-bit offset, often an edge value. */
    static int offset(Random r) {
        switch (r.nextInt(6)) {
            case 0: return 0;
            case 1: return r.nextBoolean() ? Short.MIN_VALUE : Short.MAX_VALUE;
            case 2: return r.nextInt(64) - 32;
            default: return r.nextInt(1 << 16) + Short.MIN_VALUE;
        }
    }

    /** What distinguishes kinds: class, operation, width, source; not registers or numbers. */
    static String kind(Instruction insn) {
        if (insn instanceof Alu a) {
            return (a.wide() ? "alu64 " : "alu32 ") + a.op() + (a.src() instanceof Operand.Reg ? " X" : " K");
        }
        if (insn instanceof ByteSwap s) return s.order() + " " + s.bits();
        if (insn instanceof Jump j) {
            return (j.jmp32() ? "jmp32 " : "jmp ") + j.op() + (j.src() instanceof Operand.Reg ? " X" : " K");
        }
        if (insn instanceof Goto g) return g.wide() ? "gotol" : "ja";
        if (insn instanceof Call c) return "call " + c.kind();
        if (insn instanceof Exit) return "exit";
        if (insn instanceof LoadImm64 l) return "ld_imm64 " + l.source();
        if (insn instanceof LoadPacket p) return (p.indirect() ? "ld_ind " : "ld_abs ") + p.size();
        if (insn instanceof Load l) return (l.signExtend() ? "ldxsx " : "ldx ") + l.size();
        if (insn instanceof Store s) return (s.src() instanceof Operand.Reg ? "stx " : "st ") + s.size();
        if (insn instanceof Atomic a) return "atomic " + a.size() + " " + a.op();
        throw new IllegalStateException("unknown instruction " + insn);
    }
}
