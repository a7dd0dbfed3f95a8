package dev.sluice.compiler.isa;

/** What a {@code CALL} instruction calls, by its source-register field. */
public enum CallKind {
    /** A kernel helper; the immediate is the helper id. */
    HELPER(0),
    /** A bpf-to-bpf call; the immediate is the target's offset from the next instruction. */
    LOCAL(1),
    /** A kernel function; the immediate is its BTF id. */
    KFUNC(2);

    private final int code;

    CallKind(int code) {
        this.code = code;
    }

    /** The value of the source-register field ({@code BPF_PSEUDO_CALL} is 1, {@code BPF_PSEUDO_KFUNC_CALL} 2). */
    public int code() {
        return code;
    }

    /** The kind this source-register value selects, or null when it selects none. */
    public static CallKind of(int code) {
        for (CallKind k : values()) {
            if (k.code == code) return k;
        }
        return null;
    }
}
