package dev.sluice.compiler.isa;

import java.util.Optional;

/**
 * The kernel helper functions Sluice's code calls and its interpreter runs, by id ({@code enum
 * bpf_func_id}); their names come from {@link HelperNames}, the table of every id, so the code
 * generator, the interpreter and the disassembler agree on one number per helper.
 */
public enum Helper {
    MAP_LOOKUP_ELEM(1),
    MAP_UPDATE_ELEM(2),
    MAP_DELETE_ELEM(3),
    KTIME_GET_NS(5),
    TRACE_PRINTK(6),
    GET_PRANDOM_U32(7),
    GET_SMP_PROCESSOR_ID(8),
    GET_CURRENT_PID_TGID(14),
    GET_CURRENT_UID_GID(15),
    GET_CURRENT_COMM(16),
    REDIRECT(23),
    SKB_LOAD_BYTES(26),
    SKB_LOAD_BYTES_RELATIVE(68),
    PROBE_READ_USER_STR(114),
    PROBE_READ_KERNEL_STR(115),
    KTIME_GET_BOOT_NS(125),
    RINGBUF_OUTPUT(130),
    RINGBUF_RESERVE(131),
    RINGBUF_SUBMIT(132),
    RINGBUF_DISCARD(133);

    private final int id;

    Helper(int id) {
        this.id = id;
    }

    /** The helper's id, the immediate of its call instruction. */
    public int id() {
        return id;
    }

    /** The helper's name as the verifier log prints it ({@code bpf_map_lookup_elem}). */
    public String helperName() {
        return HelperNames.of(id).orElseThrow();
    }

    /** The helper with {@code id}, when Sluice uses it. */
    public static Optional<Helper> byId(int id) {
        for (Helper h : values()) if (h.id == id) return Optional.of(h);
        return Optional.empty();
    }
}
