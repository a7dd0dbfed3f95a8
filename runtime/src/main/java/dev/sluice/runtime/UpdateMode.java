package dev.sluice.runtime;

/** How a map update treats an existing key (BPF_ANY, BPF_NOEXIST, BPF_EXIST). */
public enum UpdateMode {
    /** Create the key or overwrite it (BPF_ANY). */
    ANY(0),
    /** Only create: an existing key is EEXIST (BPF_NOEXIST). */
    NO_EXIST(1),
    /** Only overwrite: a missing key is ENOENT (BPF_EXIST). */
    EXIST(2);

    private final int flag;

    UpdateMode(int flag) {
        this.flag = flag;
    }

    /** The flag value bpf() takes. */
    public int flag() {
        return flag;
    }
}
