package dev.sluice.compiler.isa;

/** Conditional jump comparisons. */
public enum JumpOp {
    JEQ(0x10, "=="),
    JGT(0x20, ">"),
    JGE(0x30, ">="),
    JSET(0x40, "&"),
    JNE(0x50, "!="),
    JSGT(0x60, "s>"),
    JSGE(0x70, "s>="),
    JLT(0xa0, "<"),
    JLE(0xb0, "<="),
    JSLT(0xc0, "s<"),
    JSLE(0xd0, "s<=");

    private final int code;
    private final String symbol;

    JumpOp(int code, String symbol) {
        this.code = code;
        this.symbol = symbol;
    }

    public int code() {
        return code;
    }

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

    public static JumpOp of(int opBits) {
        for (JumpOp op : values()) {
            if (op.code == opBits) return op;
        }
        return null;
    }
}
