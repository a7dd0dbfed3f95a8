package dev.sluice.compiler.isa;

import dev.sluice.compiler.isa.CodeBuilder.CondJump;
import dev.sluice.compiler.isa.CodeBuilder.Entry;
import dev.sluice.compiler.isa.CodeBuilder.Fixed;
import dev.sluice.compiler.isa.Instruction.*;
import java.util.List;

/**
 * One callee-saved register fewer where r0 is free: the x86 JIT saves and restores each of r6-r9 a
 * program uses (a push and a pop on every run), r0 it need not. A program that calls nothing (no
 * helper, no function, no legacy packet load) and writes r0 only in {@code r0 = K; exit} uses r0
 * for nothing else, and a value in r0 is never live where such a pair runs (exit ends the path). So
 * the packet parse's data pointer r7 (else another of r6-r9) is renamed r0 throughout. The VLAN tag
 * counter lives in r3 for this reason (LinkParse). Runs last, on code whose jumps are final.
 */
public final class ReturnRegisterReuse {
    private ReturnRegisterReuse() {}

    /** Rewrites {@code code} in place; true when a register was renamed. */
    public static boolean apply(CodeBuilder code) {
        List<Entry> entries = code.entries();
        if (JumpThreading.hasLiteralJumps(entries)) return false;
        int used = 0;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (!(e instanceof Fixed) && !(e instanceof CondJump) && !(e instanceof CodeBuilder.GotoLabel)) return false;
            if (e instanceof CondJump j) {
                if (j.dst() == Register.R0 || j.src() instanceof Operand.Reg r && r.register() == Register.R0) return false;
                used |= RegisterUse.bit(j.dst()) | (j.src() instanceof Operand.Reg r ? RegisterUse.bit(r.register()) : 0);
                continue;
            }
            if (!(e instanceof Fixed f)) continue;
            Instruction insn = f.insn();
            if (insn instanceof Call || insn instanceof LoadPacket || insn instanceof Atomic) return false;
            if (insn instanceof Exit) continue;
            boolean setsVerdict = insn instanceof Alu a && a.op() == AluOp.MOV && a.dst() == Register.R0 && a.src() instanceof Operand.Imm
                    && i + 1 < entries.size() && entries.get(i + 1) instanceof Fixed next && next.insn() instanceof Exit;
            int regs = registers(insn);
            if ((regs & RegisterUse.bit(Register.R0)) != 0 && !setsVerdict) return false;
            used |= regs;
        }
        Register spare = null;
        for (Register r : new Register[] {Register.R7, Register.R6, Register.R8, Register.R9}) {
            if ((used & RegisterUse.bit(r)) != 0) {
                spare = r;
                break;
            }
        }
        if (spare == null) return false;
        for (int i = 0; i < entries.size(); i++) entries.set(i, renamed(entries.get(i), spare));
        return true;
    }

    /** Every register {@code insn} names, read or written. */
    private static int registers(Instruction insn) {
        if (insn instanceof Alu a) return RegisterUse.bit(a.dst()) | operand(a.src());
        if (insn instanceof ByteSwap s) return RegisterUse.bit(s.dst());
        if (insn instanceof Load l) return RegisterUse.bit(l.dst()) | RegisterUse.bit(l.src());
        if (insn instanceof Store s) return RegisterUse.bit(s.dst()) | operand(s.src());
        if (insn instanceof LoadImm64 l) return RegisterUse.bit(l.dst());
        return 0;
    }

    private static int operand(Operand o) {
        return o instanceof Operand.Reg r ? RegisterUse.bit(r.register()) : 0;
    }

    private static Entry renamed(Entry e, Register from) {
        if (e instanceof CondJump j) return new CondJump(j.jmp32(), j.op(), to(j.dst(), from), to(j.src(), from), j.target());
        if (!(e instanceof Fixed f)) return e;
        Instruction insn = f.insn();
        if (insn instanceof Alu a) return new Fixed(new Alu(a.wide(), a.op(), to(a.dst(), from), to(a.src(), from)));
        if (insn instanceof ByteSwap s) return new Fixed(new ByteSwap(s.order(), s.bits(), to(s.dst(), from)));
        if (insn instanceof Load l) return new Fixed(new Load(l.size(), to(l.dst(), from), to(l.src(), from), l.offset(), l.signExtend()));
        if (insn instanceof Store s) return new Fixed(new Store(s.size(), to(s.dst(), from), s.offset(), to(s.src(), from)));
        if (insn instanceof LoadImm64 l) return new Fixed(new LoadImm64(to(l.dst(), from), l.source(), l.imm()));
        return e;
    }

    private static Register to(Register r, Register from) {
        return r == from ? Register.R0 : r;
    }

    private static Operand to(Operand o, Register from) {
        return o instanceof Operand.Reg r && r.register() == from ? Operand.reg(Register.R0) : o;
    }
}
