package dev.sluice.compiler.isa;

/** The eleven eBPF registers. R10 is the read-only frame pointer. */
public enum Register {
    R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10;

    private static final Register[] ALL = values();

    public int number() {
        return ordinal();
    }

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
