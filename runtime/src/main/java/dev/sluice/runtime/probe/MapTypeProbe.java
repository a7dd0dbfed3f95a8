package dev.sluice.runtime.probe;

import java.util.List;

/** How to probe one map type: the sizes and flags of a minimal map of it, and what else it needs to exist. */
record MapTypeProbe(int number, String name, int keySize, int valueSize, int maxEntries, int flags, Needs needs) {
    /** What a minimal map of a type needs besides its sizes. */
    enum Needs {
        NOTHING,
        /** A map of maps: an inner map to copy the shape of. */
        INNER_MAP,
        /** Local storage: a loaded BTF with an int key and a struct value (the kernel refuses these maps untyped). */
        STORAGE_BTF,
        /** struct_ops: the id of a {@code bpf_struct_ops_NAME} value type in the kernel's own BTF. */
        STRUCT_OPS_TYPE
    }

    static final int NO_PREALLOC = 1;

    static MapTypeProbe of(int number, String name, int key, int value, int max) {
        return new MapTypeProbe(number, name, key, value, max, 0, Needs.NOTHING);
    }

    /** Key an fd (int), value {@link StorageBtf#VALUE_SIZE} bytes, no entries, not preallocated. */
    static MapTypeProbe storage(int number, String name) {
        return new MapTypeProbe(number, name, 4, StorageBtf.VALUE_SIZE, 0, NO_PREALLOC, Needs.STORAGE_BTF);
    }

    static final List<MapTypeProbe> ALL = List.of(
            of(1, "hash", 4, 4, 1), of(2, "array", 4, 4, 1), of(3, "prog_array", 4, 4, 1),
            of(4, "perf_event_array", 4, 4, 1), of(5, "percpu_hash", 4, 4, 1), of(6, "percpu_array", 4, 4, 1),
            of(7, "stack_trace", 4, 8, 1), of(8, "cgroup_array", 4, 4, 1), of(9, "lru_hash", 4, 4, 1),
            of(10, "lru_percpu_hash", 4, 4, 1), new MapTypeProbe(11, "lpm_trie", 8, 4, 1, NO_PREALLOC, Needs.NOTHING),
            new MapTypeProbe(12, "array_of_maps", 4, 4, 1, 0, Needs.INNER_MAP),
            new MapTypeProbe(13, "hash_of_maps", 4, 4, 1, 0, Needs.INNER_MAP),
            of(14, "devmap", 4, 4, 1), of(15, "sockmap", 4, 4, 1), of(16, "cpumap", 4, 4, 1), of(17, "xskmap", 4, 4, 1),
            of(18, "sockhash", 4, 4, 1), of(19, "cgroup_storage", 16, 4, 0), of(20, "reuseport_sockarray", 4, 4, 1),
            of(21, "percpu_cgroup_storage", 16, 4, 0), of(22, "queue", 0, 4, 1), of(23, "stack", 0, 4, 1),
            storage(24, "sk_storage"), of(25, "devmap_hash", 4, 4, 1),
            new MapTypeProbe(26, "struct_ops", 4, 0, 1, 0, Needs.STRUCT_OPS_TYPE), of(27, "ringbuf", 0, 0, 4096),
            storage(28, "inode_storage"), storage(29, "task_storage"), of(30, "bloom_filter", 0, 4, 1),
            of(31, "user_ringbuf", 0, 0, 4096), storage(32, "cgrp_storage"));
}
