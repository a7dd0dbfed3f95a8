package dev.sluice.compiler.isa;

/** The eleven eBPF registers. R10 is the read-only frame pointer. */
public enum Register {
    /** Return value of the program, a function and a helper call. */
    R0,
    /** First argument; holds the context pointer on entry. R1 to R5 are clobbered by calls. */
    R1,
    /** Second argument of a call. */
    R2,
    /** Third argument of a call. */
    R3,
    /** Fourth argument of a call. */
    R4,
    /** Fifth argument of a call. */
    R5,
    /** Callee-saved: keeps its value across calls (the skb for legacy packet loads). */
    R6,
    /** Callee-saved. */
    R7,
    /** Callee-saved. */
    R8,
    /** Callee-saved. */
    R9,
    /** Read-only frame pointer: the 512-byte stack lies below it. */
    R10;

    private static final Register[] ALL = values();

    /** The register's number in an instruction's 4-bit {@code dst} or {@code src} field, 0 to 10. */
    public int number() {
        return ordinal();
    }

    /** The register numbered {@code number}; IllegalArgumentException outside 0 to 10. */
    public static Register of(int number) {
        if (number < 0 || number >= ALL.length) {
            throw new IllegalArgumentException("no register r" + number);
        }
        return ALL[number];
    }

    @Override
    public String toString() {
        return "r" + ordinal();
    }
}
