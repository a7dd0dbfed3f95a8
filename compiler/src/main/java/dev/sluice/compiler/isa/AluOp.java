package dev.sluice.compiler.isa;

/**
 * ALU operations. Signed division, signed modulo and sign-extending moves (ISA v4) share an opcode
 * with their plain forms and differ in the offset field, so each is its own constant here.
 */
public enum AluOp {
    ADD(0x00, 0, "+="),
    SUB(0x10, 0, "-="),
    MUL(0x20, 0, "*="),
    DIV(0x30, 0, "/="),
    SDIV(0x30, 1, "s/="),
    OR(0x40, 0, "|="),
    AND(0x50, 0, "&="),
    LSH(0x60, 0, "<<="),
    RSH(0x70, 0, ">>="),
    NEG(0x80, 0, "= -"),
    MOD(0x90, 0, "%="),
    SMOD(0x90, 1, "s%="),
    XOR(0xa0, 0, "^="),
    MOV(0xb0, 0, "="),
    MOVSX8(0xb0, 8, "= (s8)"),
    MOVSX16(0xb0, 16, "= (s16)"),
    MOVSX32(0xb0, 32, "= (s32)"),
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

    public boolean isSignExtendingMove() {
        return this == MOVSX8 || this == MOVSX16 || this == MOVSX32;
    }

    public static AluOp of(int opBits, int offset) {
        for (AluOp op : values()) {
            if (op.code == opBits && op.offset == offset) return op;
        }
        return null;
    }
}
