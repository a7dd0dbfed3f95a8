package dev.sluice.compiler.elf;

/** A REL entry: the byte offset it patches in its target section, the symbol and the type. */
public record ElfRelocation(int targetSection, long offset, int symbolIndex, int type) {
    /** R_BPF_64_64: a 64-bit immediate load that refers to a map (or other data) symbol. */
    public static final int R_BPF_64_64 = 1;
    /** R_BPF_64_32: a bpf-to-bpf call's immediate. */
    public static final int R_BPF_64_32 = 10;
}
