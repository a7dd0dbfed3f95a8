package dev.sluice.compiler.isa;

/** What the source-register field of a 64-bit immediate load means (uapi {@code BPF_PSEUDO_*}). */
public enum Pseudo {
    /** A plain 64-bit constant. */
    NONE(0),
    /** The immediate is a map file descriptor; the kernel turns it into a map pointer. */
    MAP_FD(1),
    /** Low 32 bits: a map fd; high 32 bits: an offset into the value of key 0. */
    MAP_VALUE(2),
    /** The immediate is the BTF id of a kernel variable; the kernel turns it into the variable's address. */
    BTF_ID(3),
    /** The immediate is the relative instruction offset of a bpf-to-bpf function. */
    FUNC(4),
    /** The immediate is an index into the load's {@code fd_array}. */
    MAP_IDX(5),
    /** Like {@code MAP_VALUE}, with the map given by its index into the load's {@code fd_array}. */
    MAP_IDX_VALUE(6);

    private final int code;

    Pseudo(int code) {
        this.code = code;
    }

    /** The value of the source-register field ({@code BPF_PSEUDO_MAP_FD} is 1, and so on). */
    public int code() {
        return code;
    }

    /** The meaning of this source-register value, or null when it has none. */
    public static Pseudo of(int code) {
        for (Pseudo p : values()) {
            if (p.code == code) return p;
        }
        return null;
    }
}
