package dev.sluice.runtime.probe;

import java.util.List;

/** How to probe one map type: sizes a minimal map of it needs; {@code needsBtf} when it cannot exist without BTF. */
record MapTypeProbe(int number, String name, int keySize, int valueSize, int maxEntries, int flags, boolean innerMap,
                    String needsBtf) {
    static MapTypeProbe of(int number, String name, int key, int value, int max) {
        return new MapTypeProbe(number, name, key, value, max, 0, false, "");
    }

    static MapTypeProbe btf(int number, String name) {
        return new MapTypeProbe(number, name, 0, 0, 0, 0, false, "needs a BTF value type");
    }

    static final List<MapTypeProbe> ALL = List.of(
            of(1, "hash", 4, 4, 1), of(2, "array", 4, 4, 1), of(3, "prog_array", 4, 4, 1),
            of(4, "perf_event_array", 4, 4, 1), of(5, "percpu_hash", 4, 4, 1), of(6, "percpu_array", 4, 4, 1),
            of(7, "stack_trace", 4, 8, 1), of(8, "cgroup_array", 4, 4, 1), of(9, "lru_hash", 4, 4, 1),
            of(10, "lru_percpu_hash", 4, 4, 1), new MapTypeProbe(11, "lpm_trie", 8, 4, 1, 1, false, ""),
            new MapTypeProbe(12, "array_of_maps", 4, 4, 1, 0, true, ""),
            new MapTypeProbe(13, "hash_of_maps", 4, 4, 1, 0, true, ""),
            of(14, "devmap", 4, 4, 1), of(15, "sockmap", 4, 4, 1), of(16, "cpumap", 4, 4, 1), of(17, "xskmap", 4, 4, 1),
            of(18, "sockhash", 4, 4, 1), of(19, "cgroup_storage", 16, 4, 0), of(20, "reuseport_sockarray", 4, 4, 1),
            of(21, "percpu_cgroup_storage", 16, 4, 0), of(22, "queue", 0, 4, 1), of(23, "stack", 0, 4, 1),
            btf(24, "sk_storage"), of(25, "devmap_hash", 4, 4, 1), btf(26, "struct_ops"), of(27, "ringbuf", 0, 0, 4096),
            btf(28, "inode_storage"), btf(29, "task_storage"), of(30, "bloom_filter", 0, 4, 1),
            of(31, "user_ringbuf", 0, 0, 4096), btf(32, "cgrp_storage"));
}
