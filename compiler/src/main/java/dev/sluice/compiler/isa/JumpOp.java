package dev.sluice.compiler.isa;

/** Conditional jump comparisons. */
public enum JumpOp {
    /** {@code BPF_JEQ}: jump when {@code dst == src}. */
    JEQ(0x10, "=="),
    /** {@code BPF_JGT}: jump when {@code dst > src}, unsigned. */
    JGT(0x20, ">"),
    /** {@code BPF_JGE}: jump when {@code dst >= src}, unsigned. */
    JGE(0x30, ">="),
    /** {@code BPF_JSET}: jump when {@code dst & src} is not 0. */
    JSET(0x40, "&"),
    /** {@code BPF_JNE}: jump when {@code dst != src}. */
    JNE(0x50, "!="),
    /** {@code BPF_JSGT}: jump when {@code dst > src}, signed. */
    JSGT(0x60, "s>"),
    /** {@code BPF_JSGE}: jump when {@code dst >= src}, signed. */
    JSGE(0x70, "s>="),
    /** {@code BPF_JLT}: jump when {@code dst < src}, unsigned. */
    JLT(0xa0, "<"),
    /** {@code BPF_JLE}: jump when {@code dst <= src}, unsigned. */
    JLE(0xb0, "<="),
    /** {@code BPF_JSLT}: jump when {@code dst < src}, signed. */
    JSLT(0xc0, "s<"),
    /** {@code BPF_JSLE}: jump when {@code dst <= src}, signed. */
    JSLE(0xd0, "s<=");

    private final int code;
    private final String symbol;

    JumpOp(int code, String symbol) {
        this.code = code;
        this.symbol = symbol;
    }

    /** The operation bits of the opcode byte ({@link Opcode#OP_MASK}). */
    public int code() {
        return code;
    }

    /** The operator the kernel's disassembler prints ({@code s>=} for signed comparisons). */
    public String symbol() {
        return symbol;
    }

    /** The comparison that holds exactly when this one does not; JSET has none. */
    public JumpOp negate() {
        switch (this) {
            case JEQ: return JNE;
            case JNE: return JEQ;
            case JGT: return JLE;
            case JLE: return JGT;
            case JGE: return JLT;
            case JLT: return JGE;
            case JSGT: return JSLE;
            case JSLE: return JSGT;
            case JSGE: return JSLT;
            case JSLT: return JSGE;
            default: throw new UnsupportedOperationException("JSET has no negation");
        }
    }

    /** The comparison with its operands swapped: {@code a < b} is {@code b > a}. */
    public JumpOp swap() {
        switch (this) {
            case JGT: return JLT;
            case JLT: return JGT;
            case JGE: return JLE;
            case JLE: return JGE;
            case JSGT: return JSLT;
            case JSLT: return JSGT;
            case JSGE: return JSLE;
            case JSLE: return JSGE;
            default: return this;
        }
    }

    /**
     * Whether the jump is taken for these operand values, as the kernel compares them: in the 32-bit
     * form ({@code jmp32}) only the low halves, as unsigned or, for the signed comparisons, as s32.
     */
    public boolean holds(boolean jmp32, long dst, long src) {
        long a = jmp32 ? (int) dst : dst;
        long b = jmp32 ? (int) src : src;
        int unsigned = jmp32 ? Integer.compareUnsigned((int) a, (int) b) : Long.compareUnsigned(a, b);
        return switch (this) {
            case JEQ -> a == b;
            case JNE -> a != b;
            case JSET -> (a & b) != 0;
            case JGT -> unsigned > 0;
            case JGE -> unsigned >= 0;
            case JLT -> unsigned < 0;
            case JLE -> unsigned <= 0;
            case JSGT -> a > b;
            case JSGE -> a >= b;
            case JSLT -> a < b;
            case JSLE -> a <= b;
        };
    }

    /** The comparison with these opcode operation bits, or null when there is none. */
    public static JumpOp of(int opBits) {
        for (JumpOp op : values()) {
            if (op.code == opBits) return op;
        }
        return null;
    }
}
