package dev.sluice.compiler.elf;

/** One section of an ELF object: its header fields and its bytes (empty for NOBITS). */
public record ElfSection(int index, String name, int type, long flags, int link, int info, long entrySize, byte[] data) {
    public static final int SHT_PROGBITS = 1;
    public static final int SHT_SYMTAB = 2;
    public static final int SHT_STRTAB = 3;
    public static final int SHT_REL = 9;
    public static final int SHT_NOBITS = 8;
    public static final long SHF_WRITE = 0x1;
    public static final long SHF_ALLOC = 0x2;
    public static final long SHF_EXECINSTR = 0x4;

    public boolean isExecutable() {
        return type == SHT_PROGBITS && (flags & SHF_EXECINSTR) != 0;
    }
}
