package dev.sluice.runtime;

/** How a map update treats an existing key (BPF_ANY, BPF_NOEXIST, BPF_EXIST). */
public enum UpdateMode {
    ANY(0), NO_EXIST(1), EXIST(2);

    private final int flag;

    UpdateMode(int flag) {
        this.flag = flag;
    }

    public int flag() {
        return flag;
    }
}
