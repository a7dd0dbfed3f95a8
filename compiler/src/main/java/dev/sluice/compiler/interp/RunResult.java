package dev.sluice.compiler.interp;

import java.util.List;
import java.util.OptionalInt;

/**
 * The outcome of a run: r0 at exit, how many instructions executed, the packet as the program
 * left it (empty without a packet), the ifindex given to bpf_redirect, and the bpf_trace_printk lines.
 */
public record RunResult(long r0, long executed, byte[] packet, OptionalInt redirect, List<String> printk) {
    /** The 32-bit return value, as BPF_PROG_TEST_RUN reports it. */
    public int retval() {
        return (int) r0;
    }
}
