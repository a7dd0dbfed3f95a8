package dev.sluice.compiler.isa;

/** Atomic read-modify-write operations, as the immediate of a {@code STX|ATOMIC} instruction. */
public enum AtomicOp {
    /** {@code BPF_ADD}: {@code *(dst + offset) += src}, the old value discarded. */
    ADD(0x00),
    /** {@code BPF_OR}: {@code *(dst + offset) |= src}. */
    OR(0x40),
    /** {@code BPF_AND}: {@code *(dst + offset) &= src}. */
    AND(0x50),
    /** {@code BPF_XOR}: {@code *(dst + offset) ^= src}. */
    XOR(0xa0),
    /** {@code BPF_ADD | BPF_FETCH}: adds {@code src} to memory and puts the old value in {@code src}. */
    FETCH_ADD(0x01),
    /** {@code BPF_OR | BPF_FETCH}: ORs {@code src} into memory; {@code src} gets the old value. */
    FETCH_OR(0x41),
    /** {@code BPF_AND | BPF_FETCH}: ANDs {@code src} into memory; {@code src} gets the old value. */
    FETCH_AND(0x51),
    /** {@code BPF_XOR | BPF_FETCH}: XORs {@code src} into memory; {@code src} gets the old value. */
    FETCH_XOR(0xa1),
    /** {@code BPF_XCHG}: swaps {@code src} and memory. */
    XCHG(0xe1),
    /** {@code BPF_CMPXCHG}: stores {@code src} when memory equals r0; r0 gets the old value either way. */
    CMPXCHG(0xf1);

    /** {@code BPF_FETCH}: the immediate bit that makes an operation return the old value. */
    public static final int FETCH = 0x01;

    private final int imm;

    AtomicOp(int imm) {
        this.imm = imm;
    }

    /** The immediate field that selects this operation in a {@code STX|ATOMIC} instruction. */
    public int imm() {
        return imm;
    }

    /** Whether the old value comes back (in src, or in r0 for CMPXCHG). */
    public boolean fetches() {
        return (imm & FETCH) != 0;
    }

    /** The operation this immediate selects, or null when it selects none. */
    public static AtomicOp of(int imm) {
        for (AtomicOp op : values()) {
            if (op.imm == imm) return op;
        }
        return null;
    }
}
