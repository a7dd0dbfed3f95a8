package dev.sluice.compiler.isa;

import java.util.Optional;

/**
 * The kernel helper functions Sluice's code calls and its interpreter runs, by id ({@code enum
 * bpf_func_id}); their names come from {@link HelperNames}, the table of every id, so the code
 * generator, the interpreter and the disassembler agree on one number per helper.
 */
public enum Helper {
    /** {@code bpf_map_lookup_elem(map, key)}: a pointer to the value, or NULL when the key is absent. */
    MAP_LOOKUP_ELEM(1, 2),
    /** {@code bpf_map_update_elem(map, key, value, flags)}: 0, or a negative errno. */
    MAP_UPDATE_ELEM(2, 4),
    /** {@code bpf_map_delete_elem(map, key)}: 0, or {@code -ENOENT} when the key is absent. */
    MAP_DELETE_ELEM(3, 2),
    /** {@code bpf_ktime_get_ns()}: CLOCK_MONOTONIC in nanoseconds, not counting suspend. */
    KTIME_GET_NS(5, 0),
    /** {@code bpf_trace_printk(fmt, fmt_size, ...)}: a line to the kernel's trace_pipe, for debugging. */
    TRACE_PRINTK(6, 5),
    /** {@code bpf_get_prandom_u32()}: a pseudo-random 32-bit number, not for cryptography. */
    GET_PRANDOM_U32(7, 0),
    /** {@code bpf_get_smp_processor_id()}: the number of the CPU running the program. */
    GET_SMP_PROCESSOR_ID(8, 0),
    /** {@code bpf_get_current_pid_tgid()}: the process id (tgid) in the high 32 bits, the thread id in the low. */
    GET_CURRENT_PID_TGID(14, 0),
    /** {@code bpf_get_current_uid_gid()}: the gid in the high 32 bits, the uid in the low. */
    GET_CURRENT_UID_GID(15, 0),
    /** {@code bpf_get_current_comm(buf, size)}: the task's name (up to 16 bytes, NUL-padded) into {@code buf}. */
    GET_CURRENT_COMM(16, 2),
    /** {@code bpf_redirect(ifindex, flags)}: sends the packet out of another interface; returns the verdict. */
    REDIRECT(23, 2),
    /** {@code bpf_skb_load_bytes(skb, offset, to, len)}: copies packet bytes, also from non-linear data. */
    SKB_LOAD_BYTES(26, 4),
    /** {@code bpf_skb_load_bytes_relative(skb, offset, to, len, start)}: the same, from the MAC or network header. */
    SKB_LOAD_BYTES_RELATIVE(68, 5),
    /**
     * {@code bpf_probe_read_user_str(dst, size, ptr)}: copies a NUL-terminated user-space string; its
     * length with the NUL, or a negative errno.
     */
    PROBE_READ_USER_STR(114, 3),
    /** {@code bpf_probe_read_kernel_str(dst, size, ptr)}: the same for a kernel string. */
    PROBE_READ_KERNEL_STR(115, 3),
    /** {@code bpf_ktime_get_boot_ns()}: CLOCK_BOOTTIME in nanoseconds, counting suspend. */
    KTIME_GET_BOOT_NS(125, 0),
    /** {@code bpf_ringbuf_output(ringbuf, data, size, flags)}: copies a record into a ring buffer. */
    RINGBUF_OUTPUT(130, 4),
    /** {@code bpf_ringbuf_reserve(ringbuf, size, flags)}: a pointer to room for a record, or NULL when full. */
    RINGBUF_RESERVE(131, 3),
    /** {@code bpf_ringbuf_submit(data, flags)}: publishes a reserved record to the reader. */
    RINGBUF_SUBMIT(132, 2),
    /** {@code bpf_ringbuf_discard(data, flags)}: drops a reserved record unseen. */
    RINGBUF_DISCARD(133, 2);

    private final int id;
    /** How many of r1-r5 the helper reads as its arguments (bpf_trace_printk's variadic form: all five). */
    private final int arguments;

    Helper(int id, int arguments) {
        this.id = id;
        this.arguments = arguments;
    }

    /** How many arguments the helper takes, in r1 onwards. */
    public int arguments() {
        return arguments;
    }

    /** The helper's id, the immediate of its call instruction. */
    public int id() {
        return id;
    }

    /** The helper's name as the verifier log prints it ({@code bpf_map_lookup_elem}). */
    public String helperName() {
        return HelperNames.of(id).orElseThrow();
    }

    /** By id, each helper's argument count; -1 for ids Sluice does not call. */
    private static final int[] ARGUMENTS_BY_ID = argumentsById();

    private static int[] argumentsById() {
        int max = 0;
        for (Helper h : values()) max = Math.max(max, h.id);
        int[] table = new int[max + 1];
        java.util.Arrays.fill(table, -1);
        for (Helper h : values()) table[h.id] = h.arguments;
        return table;
    }

    /**
     * How many of r1-r5 a call of helper {@code id} reads: its argument count, or all five for an id
     * Sluice does not know. Liveness asks this for every call on every pass, hence a table, not {@link #byId}.
     */
    public static int argumentsRead(int id) {
        int n = id >= 0 && id < ARGUMENTS_BY_ID.length ? ARGUMENTS_BY_ID[id] : -1;
        return n < 0 ? 5 : n;
    }

    /** The helper with {@code id}, when Sluice uses it. */
    public static Optional<Helper> byId(int id) {
        for (Helper h : values()) if (h.id == id) return Optional.of(h);
        return Optional.empty();
    }
}
