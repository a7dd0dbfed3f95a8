package dev.sluice.compiler.maps;

/** Map types Sluice uses, with their kernel numbers (uapi {@code enum bpf_map_type}). */
public enum MapType {
    HASH(1),
    ARRAY(2),
    PROG_ARRAY(3),
    PERF_EVENT_ARRAY(4),
    PERCPU_HASH(5),
    PERCPU_ARRAY(6),
    LRU_HASH(9),
    LRU_PERCPU_HASH(10),
    LPM_TRIE(11),
    DEVMAP(14),
    RINGBUF(27);

    private final int number;

    MapType(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    public boolean perCpu() {
        return this == PERCPU_HASH || this == PERCPU_ARRAY || this == LRU_PERCPU_HASH;
    }

    /** The name {@code bpftool feature probe} uses. */
    public String kernelName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
