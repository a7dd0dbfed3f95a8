package dev.sluice.compiler.maps;

/** Map types Sluice uses, with their kernel numbers (uapi {@code enum bpf_map_type}). */
public enum MapType {
    /** {@code BPF_MAP_TYPE_HASH} (1): a hash table of fixed-size keys and values. */
    HASH(1),
    /** {@code BPF_MAP_TYPE_ARRAY} (2): u32-indexed values, all present and zeroed at creation. */
    ARRAY(2),
    /** {@code BPF_MAP_TYPE_PROG_ARRAY} (3): program fds for tail calls. */
    PROG_ARRAY(3),
    /** {@code BPF_MAP_TYPE_PERF_EVENT_ARRAY} (4): per-CPU perf buffers. */
    PERF_EVENT_ARRAY(4),
    /** {@code BPF_MAP_TYPE_PERCPU_HASH} (5): a hash table with one value per possible CPU. */
    PERCPU_HASH(5),
    /** {@code BPF_MAP_TYPE_PERCPU_ARRAY} (6): an array with one value per possible CPU. */
    PERCPU_ARRAY(6),
    /** {@code BPF_MAP_TYPE_LRU_HASH} (9): a hash table that evicts the least recently used entry when full. */
    LRU_HASH(9),
    /** {@code BPF_MAP_TYPE_LRU_PERCPU_HASH} (10): an LRU hash with one value per possible CPU. */
    LRU_PERCPU_HASH(10),
    /**
     * {@code BPF_MAP_TYPE_LPM_TRIE} (11): longest-prefix match; a key is a host-order u32 prefix length
     * in bits, then the data in network order.
     */
    LPM_TRIE(11),
    /** {@code BPF_MAP_TYPE_DEVMAP} (14): interface indexes for XDP redirects. */
    DEVMAP(14),
    /** {@code BPF_MAP_TYPE_RINGBUF} (27): a ring buffer shared with user space; max entries is its size in bytes. */
    RINGBUF(27);

    private final int number;

    MapType(int number) {
        this.number = number;
    }

    /** The kernel's number for the type ({@code BPF_MAP_TYPE_*}). */
    public int number() {
        return number;
    }

    /** Whether each CPU has its own value, so a lookup from user space returns one value per possible CPU. */
    public boolean perCpu() {
        return this == PERCPU_HASH || this == PERCPU_ARRAY || this == LRU_PERCPU_HASH;
    }

    /** The name {@code bpftool feature probe} uses. */
    public String kernelName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
