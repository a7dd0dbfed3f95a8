package dev.sluice.compiler.isa;

import dev.sluice.compiler.isa.Instruction.*;
import java.util.List;

/**
 * Instructions as text, one line each, in the syntax of the kernel verifier's log and of
 * {@code bpftool prog dump xlated} ({@code kernel/bpf/disasm.c}): {@code r0 = *(u32 *)(r1 +4)},
 * {@code w1 += w2}, {@code if r2 > r3 goto +5}, {@code call bpf_map_lookup_elem#1}. 32-bit ALU and
 * JMP32 operands are {@code w} registers; everything else names {@code r} registers, as the kernel
 * does even for the value of a 32-bit atomic ({@code r2 = atomic_fetch_add((u32 *)(r1 +0), r2)}).
 *
 * <p>Where this text deliberately differs from the kernel's:
 * <ul>
 *   <li>Jump offsets print as {@code goto +5}, {@code if w2 s< 7 goto -3}, {@code gotol +70000}
 *       rather than {@code pc+5}; the number is the encoded offset (target = next slot + offset).
 *       Local calls keep the kernel's {@code call pc+5}, which reads as a call, not a jump.</li>
 *   <li>Immediates of conditional jumps print in signed decimal like every other immediate; the
 *       kernel prints them as unsigned hex ({@code 0xfffffff9} for -7).</li>
 *   <li>An indirect packet load prints its register and offset like a memory operand,
 *       {@code r0 = *(u16 *)skb[r1 +4]} (the kernel: {@code skb[r1 + 4]}).</li>
 *   <li>A helper id with no name prints {@code call #N} (the kernel: {@code call unknown#N}).</li>
 *   <li>A 64-bit immediate load prints its value in hex without LLVM's {@code ll} suffix,
 *       {@code r1 = 0x1234}, as the kernel does. With a pseudo source the kernel prints a raw
 *       number (or, once loaded, a kernel address); here the line names what the kernel will
 *       resolve: {@code r1 = map_fd(3)}, {@code r1 = map_value(3)+8} (fd 3, offset 8 into the value
 *       of key 0), {@code r1 = btf_id(7)}, {@code r1 = func(pc+5)} (the function at next slot + 5),
 *       {@code r1 = map_idx(0)}, {@code r1 = map_idx_value(0)+8} (index into the load's
 *       {@code fd_array}). Numbers are unsigned except the function offset. The high half of
 *       {@code map_fd} and {@code map_idx} must be zero for the kernel; when it is not, it is
 *       shown, {@code map_fd(3, hi=0x5)}. The high half of {@code btf_id} is the fd of a module's
 *       BTF, shown when set: {@code btf_id(7, btf_fd=4)}. The kernel ignores the high half of
 *       {@code func}; it is shown only when it is neither 0 nor the sign of the offset.</li>
 * </ul>
 * The listing form puts the slot number and the opcode byte in front, as the verifier log does:
 * {@code   0: (b7) r0 = 0}. A 64-bit immediate load takes two slots, so the next line's number
 * skips one.
 */
public final class Disassembler {
    private Disassembler() {}

    /** The instruction as one line of text, without slot number or opcode. */
    public static String format(Instruction insn) {
        if (insn instanceof Alu a) return alu(a);
        if (insn instanceof ByteSwap s) return byteSwap(s);
        if (insn instanceof Jump j) return jump(j);
        if (insn instanceof Goto g) return (g.wide() ? "gotol " : "goto ") + signed(g.offset());
        if (insn instanceof Call c) return call(c);
        if (insn instanceof Exit) return "exit";
        if (insn instanceof LoadImm64 l) return l.dst() + " = " + immediate64(l);
        if (insn instanceof LoadPacket p) return packetLoad(p);
        if (insn instanceof Load l) {
            String type = l.signExtend() ? l.size().signedType() : l.size().unsignedType();
            return l.dst() + " = *(" + type + " *)" + address(l.src(), l.offset());
        }
        if (insn instanceof Store s) {
            return "*(" + s.size().unsignedType() + " *)" + address(s.dst(), s.offset()) + " = " + operand(true, s.src());
        }
        if (insn instanceof Atomic a) return atomic(a);
        throw new IllegalStateException("unknown instruction " + insn);
    }

    /** One line per instruction: slot number, opcode byte in parentheses, text. */
    public static String listing(List<? extends Instruction> instructions) {
        int slots = 0;
        for (Instruction insn : instructions) slots += insn.slots();
        int width = Math.max(3, Integer.toString(Math.max(0, slots - 1)).length());
        StringBuilder out = new StringBuilder();
        int slot = 0;
        for (Instruction insn : instructions) {
            int opcode = Encoder.encode(insn)[0] & 0xff;
            out.append(String.format("%" + width + "d: (%02x) %s\n", slot, opcode, format(insn)));
            slot += insn.slots();
        }
        return out.toString();
    }

    /** The same listing for {@code code}. */
    public static String listing(Code code) {
        return listing(code.instructions());
    }

    private static String alu(Alu a) {
        String dst = register(a.wide(), a.dst());
        if (a.op() == AluOp.NEG) return dst + " = -" + dst;
        if (a.op().isSignExtendingMove()) {
            Register src = ((Operand.Reg) a.src()).register();
            return dst + " = (s" + a.op().offset() + ")" + register(a.wide(), src);
        }
        return dst + " " + a.op().symbol() + " " + operand(a.wide(), a.src());
    }

    private static String byteSwap(ByteSwap s) {
        String kind;
        switch (s.order()) {
            case TO_LE: kind = "le"; break;
            case TO_BE: kind = "be"; break;
            default: kind = "bswap"; break;
        }
        return s.dst() + " = " + kind + s.bits() + " " + s.dst();
    }

    private static String jump(Jump j) {
        boolean wide = !j.jmp32();
        return "if " + register(wide, j.dst()) + " " + j.op().symbol() + " " + operand(wide, j.src())
                + " goto " + signed(j.offset());
    }

    private static String call(Call c) {
        switch (c.kind()) {
            case HELPER: return "call " + HelperNames.of(c.imm()).orElse("") + "#" + c.imm();
            case LOCAL: return "call pc" + signed(c.imm());
            default: return "call kernel-function#" + c.imm();
        }
    }

    private static String immediate64(LoadImm64 l) {
        long value = l.imm();
        int lo = (int) value;
        int hi = (int) (value >>> 32);
        String low = Integer.toUnsignedString(lo);
        String high = Integer.toUnsignedString(hi);
        switch (l.source()) {
            case NONE: return "0x" + Long.toHexString(value);
            case MAP_FD: return "map_fd(" + low + reservedHigh(hi) + ")";
            case MAP_IDX: return "map_idx(" + low + reservedHigh(hi) + ")";
            case MAP_VALUE: return "map_value(" + low + ")+" + high;
            case MAP_IDX_VALUE: return "map_idx_value(" + low + ")+" + high;
            case BTF_ID: return "btf_id(" + low + (hi == 0 ? "" : ", btf_fd=" + high) + ")";
            case FUNC: {
                boolean plain = hi == 0 || value == lo;
                return "func(pc" + signed(lo) + (plain ? "" : reservedHigh(hi)) + ")";
            }
            default: throw new IllegalStateException("unknown pseudo source " + l.source());
        }
    }

    private static String reservedHigh(int hi) {
        return hi == 0 ? "" : ", hi=0x" + Integer.toHexString(hi);
    }

    private static String packetLoad(LoadPacket p) {
        String where = p.indirect() ? p.src() + " " + signed(p.imm()) : Integer.toString(p.imm());
        return "r0 = *(" + p.size().unsignedType() + " *)skb[" + where + "]";
    }

    private static String atomic(Atomic a) {
        String type = a.size().unsignedType();
        String memory = "(" + type + " *)" + address(a.dst(), a.offset());
        String prefix = a.size() == Size.DW ? "atomic64_" : "atomic_";
        switch (a.op()) {
            case ADD: return "lock *" + memory + " += " + a.src();
            case OR: return "lock *" + memory + " |= " + a.src();
            case AND: return "lock *" + memory + " &= " + a.src();
            case XOR: return "lock *" + memory + " ^= " + a.src();
            case FETCH_ADD: return a.src() + " = " + prefix + "fetch_add(" + memory + ", " + a.src() + ")";
            case FETCH_OR: return a.src() + " = " + prefix + "fetch_or(" + memory + ", " + a.src() + ")";
            case FETCH_AND: return a.src() + " = " + prefix + "fetch_and(" + memory + ", " + a.src() + ")";
            case FETCH_XOR: return a.src() + " = " + prefix + "fetch_xor(" + memory + ", " + a.src() + ")";
            case XCHG: return a.src() + " = " + prefix + "xchg(" + memory + ", " + a.src() + ")";
            case CMPXCHG: return "r0 = " + prefix + "cmpxchg(" + memory + ", r0, " + a.src() + ")";
            default: throw new IllegalStateException("unknown atomic operation " + a.op());
        }
    }

    private static String address(Register base, int offset) {
        return "(" + base + " " + signed(offset) + ")";
    }

    private static String operand(boolean wide, Operand src) {
        if (src instanceof Operand.Reg r) return register(wide, r.register());
        return Integer.toString(((Operand.Imm) src).value());
    }

    private static String register(boolean wide, Register r) {
        return (wide ? "r" : "w") + r.number();
    }

    private static String signed(int n) {
        return n < 0 ? Integer.toString(n) : "+" + n;
    }
}
