package dev.sluice.compiler.isa;

import dev.sluice.compiler.isa.Instruction.*;
import java.util.Optional;

/**
 * What LLVM 14's BPF target ({@code -mcpu=v3}, as on this machine) knows of our instructions, and
 * the assembler text its {@code llvm-mc} parses. Found by hand with {@code llvm-mc --show-encoding}
 * and {@code llvm-mc --disassemble}:
 * <ul>
 *   <li>Neither its assembler nor its disassembler has {@code MOD} (ISA v1), {@code JSET} (v1),
 *       {@code ST} with an immediate (v1, added in LLVM 18), or anything from ISA v4 (SDIV, SMOD,
 *       MOVSX, sign-extending loads, BSWAP, GOTOL).</li>
 *   <li>Its disassembler prints {@code LD_IND} without the immediate ({@code skb[r1]}), so only
 *       an immediate of 0 can be compared.</li>
 *   <li>Its assembler cannot parse the atomic fetch, xchg and cmpxchg forms, nor
 *       {@code ld_pseudo}, nor kfunc calls, though the disassembler prints them; those are
 *       compared through the disassembler only.</li>
 *   <li>32-bit atomics need the value register spelled {@code w} in the assembler; the
 *       disassembler decodes them only with {@code --mattr=+alu32}.</li>
 * </ul>
 */
final class LlvmSyntax {
    private LlvmSyntax() {}

    /** Whether LLVM 14 disassembles this instruction faithfully, so that it can be a golden case. */
    static boolean known(Instruction insn) {
        if (insn instanceof Alu a) {
            AluOp op = a.op();
            return op != AluOp.MOD && op != AluOp.SDIV && op != AluOp.SMOD && !op.isSignExtendingMove();
        }
        if (insn instanceof ByteSwap s) return s.order() != ByteSwap.ByteOrder.SWAP;
        if (insn instanceof Jump j) return j.op() != JumpOp.JSET;
        if (insn instanceof Goto g) return !g.wide();
        if (insn instanceof LoadPacket p) return !p.indirect() || p.imm() == 0;
        if (insn instanceof Load l) return !l.signExtend();
        if (insn instanceof Store s) return s.src() instanceof Operand.Reg;
        return insn instanceof Call || insn instanceof Exit || insn instanceof LoadImm64 || insn instanceof Atomic;
    }

    /**
     * The text {@code llvm-mc} assembles to this instruction, or empty when LLVM 14's parser has no
     * syntax for it. Local calls need a label and are not given here.
     */
    static Optional<String> assembly(Instruction insn) {
        if (!known(insn)) return Optional.empty();
        if (insn instanceof Alu a) return Optional.of(alu(a));
        if (insn instanceof ByteSwap s) {
            String kind = s.order() == ByteSwap.ByteOrder.TO_BE ? "be" : "le";
            return Optional.of(s.dst() + " = " + kind + s.bits() + " " + s.dst());
        }
        if (insn instanceof Jump j) {
            String p = j.jmp32() ? "w" : "r";
            return Optional.of("if " + p + j.dst().number() + " " + j.op().symbol() + " " + operand(p, j.src())
                    + " goto " + signed(j.offset()));
        }
        if (insn instanceof Goto g) return Optional.of("goto " + signed(g.offset()));
        if (insn instanceof Call c) {
            return c.kind() == CallKind.HELPER ? Optional.of("call " + c.imm()) : Optional.empty();
        }
        if (insn instanceof Exit) return Optional.of("exit");
        if (insn instanceof LoadImm64 l) {
            return l.source() == Pseudo.NONE ? Optional.of(l.dst() + " = " + l.imm() + " ll") : Optional.empty();
        }
        if (insn instanceof LoadPacket p) {
            String where = p.indirect() ? p.src().toString() : Integer.toString(p.imm());
            return Optional.of("r0 = *(" + p.size().unsignedType() + " *)skb[" + where + "]");
        }
        if (insn instanceof Load l) {
            return Optional.of(l.dst() + " = *(" + l.size().unsignedType() + " *)" + address(l.src(), l.offset()));
        }
        if (insn instanceof Store s) {
            return Optional.of("*(" + s.size().unsignedType() + " *)" + address(s.dst(), s.offset()) + " = "
                    + ((Operand.Reg) s.src()).register());
        }
        if (insn instanceof Atomic a) return atomic(a);
        throw new IllegalStateException("unknown instruction " + insn);
    }

    private static String alu(Alu a) {
        String p = a.wide() ? "r" : "w";
        String dst = p + a.dst().number();
        if (a.op() == AluOp.NEG) return dst + " = -" + dst;
        return dst + " " + a.op().symbol() + " " + operand(p, a.src());
    }

    private static Optional<String> atomic(Atomic a) {
        String op;
        switch (a.op()) {
            case ADD: op = "+="; break;
            case OR: op = "|="; break;
            case AND: op = "&="; break;
            case XOR: op = "^="; break;
            default: return Optional.empty();
        }
        String value = (a.size() == Size.W ? "w" : "r") + a.src().number();
        return Optional.of("lock *(" + a.size().unsignedType() + " *)" + address(a.dst(), a.offset()) + " " + op
                + " " + value);
    }

    private static String address(Register base, int offset) {
        return "(" + base + (offset < 0 ? " - " + -offset : " + " + offset) + ")";
    }

    private static String operand(String prefix, Operand src) {
        if (src instanceof Operand.Reg r) return prefix + r.register().number();
        return Integer.toString(((Operand.Imm) src).value());
    }

    private static String signed(int n) {
        return n < 0 ? Integer.toString(n) : "+" + n;
    }
}
