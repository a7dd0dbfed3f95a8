package dev.sluice.runtime;

/**
 * What the kernel reports about a loaded program ({@code struct bpf_prog_info}). Run time and
 * count are only collected while BPF_ENABLE_STATS is on.
 */
public record ProgramInfo(int type, int id, String tag, String name, int xlatedBytes, int jitedBytes,
                          int verifiedInstructions, long runTimeNs, long runCount) {
    /** Instructions after the kernel's rewriting, in 8-byte slots. */
    public int xlatedInstructions() {
        return xlatedBytes / 8;
    }
}
