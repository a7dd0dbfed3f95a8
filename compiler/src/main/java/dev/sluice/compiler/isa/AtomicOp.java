package dev.sluice.compiler.isa;

/** Atomic read-modify-write operations, as the immediate of a {@code STX|ATOMIC} instruction. */
public enum AtomicOp {
    ADD(0x00),
    OR(0x40),
    AND(0x50),
    XOR(0xa0),
    FETCH_ADD(0x01),
    FETCH_OR(0x41),
    FETCH_AND(0x51),
    FETCH_XOR(0xa1),
    XCHG(0xe1),
    CMPXCHG(0xf1);

    public static final int FETCH = 0x01;

    private final int imm;

    AtomicOp(int imm) {
        this.imm = imm;
    }

    public int imm() {
        return imm;
    }

    /** Whether the old value comes back (in src, or in r0 for CMPXCHG). */
    public boolean fetches() {
        return (imm & FETCH) != 0;
    }

    public static AtomicOp of(int imm) {
        for (AtomicOp op : values()) {
            if (op.imm == imm) return op;
        }
        return null;
    }
}
