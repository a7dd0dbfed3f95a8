package dev.sluice.compiler.interp;

/** Helper function ids (docs/KERNEL.md, "Instructions"). */
final class Helpers {
    static final int MAP_LOOKUP_ELEM = 1;
    static final int MAP_UPDATE_ELEM = 2;
    static final int MAP_DELETE_ELEM = 3;
    static final int KTIME_GET_NS = 5;
    static final int TRACE_PRINTK = 6;
    static final int GET_PRANDOM_U32 = 7;
    static final int GET_SMP_PROCESSOR_ID = 8;
    static final int GET_CURRENT_PID_TGID = 14;
    static final int GET_CURRENT_UID_GID = 15;
    static final int GET_CURRENT_COMM = 16;
    static final int REDIRECT = 23;
    static final int SKB_LOAD_BYTES = 26;
    static final int SKB_LOAD_BYTES_RELATIVE = 68;
    static final int KTIME_GET_BOOT_NS = 125;
    static final int RINGBUF_OUTPUT = 130;
    static final int RINGBUF_RESERVE = 131;
    static final int RINGBUF_SUBMIT = 132;
    static final int RINGBUF_DISCARD = 133;

    private Helpers() {}
}
