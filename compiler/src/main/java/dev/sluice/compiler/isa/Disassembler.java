package dev.sluice.compiler.isa;

import dev.sluice.compiler.isa.Instruction.*;

/**
 * Prints instructions in the kernel verifier's syntax (kernel/bpf/disasm.c), one per line:
 * {@code r0 = *(u32 *)(r1 +4)}, {@code w1 += w2}, {@code if r2 > r3 goto +5},
 * {@code call bpf_map_lookup_elem#1}. Two departures: jump targets are written {@code goto +5}
 * rather than the kernel's {@code goto pc+5}, and a 64-bit load of a map reference that is not
 * loaded yet prints {@code map[fd:N]} (or {@code map[fd:N][0]+OFF} for a direct value), where the
 * kernel prints the map's id once loaded.
 */
public final class Disassembler {
    private Disassembler() {}

    public static String format(Instruction insn) {
        if (insn instanceof Alu a) return alu(a);
        if (insn instanceof ByteSwap s) {
            String kind = s.order() == ByteSwap.ByteOrder.SWAP ? "bswap" : s.order() == ByteSwap.ByteOrder.TO_BE ? "be" : "le";
            return s.dst() + " = " + kind + s.bits() + " " + s.dst();
        }
        if (insn instanceof Jump j) {
            char c = j.jmp32() ? 'w' : 'r';
            String right = j.src() instanceof Operand.Reg r ? c + Integer.toString(r.register().number())
                    : String.format("0x%x", ((Operand.Imm) j.src()).value());
            return "if " + c + j.dst().number() + " " + j.op().symbol() + " " + right + " goto " + signed(j.offset());
        }
        if (insn instanceof Goto g) return (g.wide() ? "gotol " : "goto ") + signed(g.offset());
        if (insn instanceof Call c) {
            switch (c.kind()) {
                case HELPER:
                    return "call " + HelperNames.of(c.imm()).orElse("") + "#" + c.imm();
                case LOCAL:
                    return "call pc" + signed(c.imm());
                default:
                    return "call kernel-function#" + c.imm();
            }
        }
        if (insn instanceof Exit) return "exit";
        if (insn instanceof LoadImm64 l) return l.dst() + " = " + wide(l);
        if (insn instanceof LoadPacket p) {
            String at = p.indirect() ? p.src() + " + " + p.imm() : Integer.toString(p.imm());
            return "r0 = *(" + p.size().unsignedType() + " *)skb[" + at + "]";
        }
        if (insn instanceof Load l) {
            String type = l.signExtend() ? l.size().signedType() : l.size().unsignedType();
            return l.dst() + " = *(" + type + " *)(" + l.src() + " " + signed(l.offset()) + ")";
        }
        if (insn instanceof Store s) {
            String value = s.src() instanceof Operand.Reg r ? r.register().toString()
                    : Integer.toString(((Operand.Imm) s.src()).value());
            return "*(" + s.size().unsignedType() + " *)(" + s.dst() + " " + signed(s.offset()) + ") = " + value;
        }
        return atomic((Atomic) insn);
    }

    /** Lines as the verifier log and {@code bpftool prog dump xlated} show them: {@code   3: (61) r0 = ...}. */
    public static String listing(Code code) {
        StringBuilder out = new StringBuilder();
        int[] slots = code.slotIndices();
        for (int i = 0; i < code.size(); i++) {
            Instruction insn = code.get(i);
            int opcode = Encoder.encode(insn)[0] & 0xff;
            out.append(String.format("%4d: (%02x) %s%n", slots[i], opcode, format(insn)));
        }
        return out.toString();
    }

    private static String alu(Alu a) {
        char c = a.wide() ? 'r' : 'w';
        String dst = c + Integer.toString(a.dst().number());
        String src = a.src() instanceof Operand.Reg r ? c + Integer.toString(r.register().number())
                : Integer.toString(((Operand.Imm) a.src()).value());
        switch (a.op()) {
            case NEG:
                return dst + " = -" + dst;
            case MOVSX8:
            case MOVSX16:
            case MOVSX32:
                return dst + " = (s" + a.op().offset() + ")" + src;
            default:
                return dst + " " + a.op().symbol() + " " + src;
        }
    }

    private static String wide(LoadImm64 l) {
        switch (l.source()) {
            case NONE:
                return String.format("0x%x", l.imm());
            case MAP_FD:
                return "map[fd:" + (int) l.imm() + "]";
            case MAP_VALUE:
                return "map[fd:" + (int) l.imm() + "][0]+" + (int) (l.imm() >>> 32);
            case FUNC:
                return "func pc" + signed((int) l.imm());
            default:
                return l.source().name().toLowerCase() + "(" + String.format("0x%x", l.imm()) + ")";
        }
    }

    private static String atomic(Atomic a) {
        boolean dw = a.size() == Size.DW;
        String mem = "(" + a.size().unsignedType() + " *)(" + a.dst() + " " + signed(a.offset()) + ")";
        String width = dw ? "64" : "";
        switch (a.op()) {
            case ADD: return "lock *" + mem + " += " + a.src();
            case OR: return "lock *" + mem + " |= " + a.src();
            case AND: return "lock *" + mem + " &= " + a.src();
            case XOR: return "lock *" + mem + " ^= " + a.src();
            case XCHG: return a.src() + " = atomic" + width + "_xchg(" + mem + ", " + a.src() + ")";
            case CMPXCHG: return "r0 = atomic" + width + "_cmpxchg(" + mem + ", r0, " + a.src() + ")";
            default: {
                String op = a.op().name().substring("FETCH_".length()).toLowerCase();
                return a.src() + " = atomic" + width + "_fetch_" + op + "(" + mem + ", " + a.src() + ")";
            }
        }
    }

    private static String signed(int v) {
        return v >= 0 ? "+" + v : Integer.toString(v);
    }
}
