package dev.sluice.compiler.isa;

import java.util.OptionalLong;

/**
 * ALU operations. Signed division, signed modulo and sign-extending moves (ISA v4) share an opcode
 * with their plain forms and differ in the offset field, so each is its own constant here.
 */
public enum AluOp {
    /** {@code BPF_ADD}: {@code dst += src}, wrapping. */
    ADD(0x00, 0, "+="),
    /** {@code BPF_SUB}: {@code dst -= src}, wrapping. */
    SUB(0x10, 0, "-="),
    /** {@code BPF_MUL}: {@code dst *= src}, keeping the low bits. */
    MUL(0x20, 0, "*="),
    /** {@code BPF_DIV}: unsigned {@code dst /= src}; a zero divisor gives 0 instead of a fault. */
    DIV(0x30, 0, "/="),
    /** {@code BPF_SDIV} (ISA v4, offset 1): signed division; a zero divisor gives 0. */
    SDIV(0x30, 1, "s/="),
    /** {@code BPF_OR}: {@code dst |= src}. */
    OR(0x40, 0, "|="),
    /** {@code BPF_AND}: {@code dst &= src}. */
    AND(0x50, 0, "&="),
    /** {@code BPF_LSH}: {@code dst <<= src}, the shift amount masked to the operand width (63 or 31). */
    LSH(0x60, 0, "<<="),
    /** {@code BPF_RSH}: logical (zero-filling) right shift, the amount masked as for {@code LSH}. */
    RSH(0x70, 0, ">>="),
    /** {@code BPF_NEG}: {@code dst = -dst}; takes no source operand. */
    NEG(0x80, 0, "= -"),
    /**
     * {@code BPF_MOD}: unsigned {@code dst %= src}; a zero divisor leaves {@code dst} (in 32-bit form,
     * its low half zero-extended).
     */
    MOD(0x90, 0, "%="),
    /** {@code BPF_MOD} with offset 1 (ISA v4): signed remainder, with the dividend's sign. */
    SMOD(0x90, 1, "s%="),
    /** {@code BPF_XOR}: {@code dst ^= src}. */
    XOR(0xa0, 0, "^="),
    /** {@code BPF_MOV}: {@code dst = src}. */
    MOV(0xb0, 0, "="),
    /**
     * {@code BPF_MOVSX} with offset 8 (ISA v4): {@code dst} = the low 8 bits of register {@code src},
     * sign-extended.
     */
    MOVSX8(0xb0, 8, "= (s8)"),
    /** {@code BPF_MOVSX} with offset 16 (ISA v4): {@code dst} = the low 16 bits of {@code src}, sign-extended. */
    MOVSX16(0xb0, 16, "= (s16)"),
    /** {@code BPF_MOVSX} with offset 32 (ISA v4, 64-bit form only): the low 32 bits of {@code src}, sign-extended. */
    MOVSX32(0xb0, 32, "= (s32)"),
    /** {@code BPF_ARSH}: arithmetic (sign-filling) right shift. */
    ARSH(0xc0, 0, "s>>=");

    private final int code;
    private final int offset;
    private final String symbol;

    AluOp(int code, int offset, String symbol) {
        this.code = code;
        this.offset = offset;
        this.symbol = symbol;
    }

    /** The operation bits of the opcode byte. */
    public int code() {
        return code;
    }

    /** The value the offset field must hold for this operation. */
    public int offset() {
        return offset;
    }

    /** The operator the kernel's disassembler prints. */
    public String symbol() {
        return symbol;
    }

    /** Whether this is one of the {@code MOVSX} forms, which take a register source only. */
    public boolean isSignExtendingMove() {
        return this == MOVSX8 || this == MOVSX16 || this == MOVSX32;
    }

    /**
     * {@code dst OP src} as the kernel computes it for two known values: the 32-bit form on the low
     * halves, its result zero-extended. Empty for division, remainder, negation and sign-extending
     * moves, which no pass that knows constants needs.
     */
    public OptionalLong fold(boolean wide, long dst, long src) {
        if (wide) {
            return switch (this) {
                case MOV -> OptionalLong.of(src);
                case ADD -> OptionalLong.of(dst + src);
                case SUB -> OptionalLong.of(dst - src);
                case MUL -> OptionalLong.of(dst * src);
                case AND -> OptionalLong.of(dst & src);
                case OR -> OptionalLong.of(dst | src);
                case XOR -> OptionalLong.of(dst ^ src);
                case LSH -> OptionalLong.of(dst << (src & 63));
                case RSH -> OptionalLong.of(dst >>> (src & 63));
                case ARSH -> OptionalLong.of(dst >> (src & 63));
                default -> OptionalLong.empty();
            };
        }
        int d = (int) dst, s = (int) src;
        return switch (this) {
            case MOV -> OptionalLong.of(s & 0xffff_ffffL);
            case ADD -> OptionalLong.of((d + s) & 0xffff_ffffL);
            case SUB -> OptionalLong.of((d - s) & 0xffff_ffffL);
            case MUL -> OptionalLong.of((d * s) & 0xffff_ffffL);
            case AND -> OptionalLong.of((d & s) & 0xffff_ffffL);
            case OR -> OptionalLong.of((d | s) & 0xffff_ffffL);
            case XOR -> OptionalLong.of((d ^ s) & 0xffff_ffffL);
            case LSH -> OptionalLong.of((d << (s & 31)) & 0xffff_ffffL);
            case RSH -> OptionalLong.of((d >>> (s & 31)) & 0xffff_ffffL);
            case ARSH -> OptionalLong.of((d >> (s & 31)) & 0xffff_ffffL);
            default -> OptionalLong.empty();
        };
    }

    /** The operation with these opcode operation bits and offset field, or null when there is none. */
    public static AluOp of(int opBits, int offset) {
        for (AluOp op : values()) {
            if (op.code == opBits && op.offset == offset) return op;
        }
        return null;
    }
}
