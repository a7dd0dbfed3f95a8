package dev.sluice.compiler.elf;

/** One section of an ELF object: its header fields and its bytes (empty for NOBITS). */
public record ElfSection(int index, String name, int type, long flags, int link, int info, long entrySize, byte[] data) {
    /** Section type: bytes defined by the program (code, data). */
    public static final int SHT_PROGBITS = 1;
    /** Section type: the symbol table. */
    public static final int SHT_SYMTAB = 2;
    /** Section type: a string table. */
    public static final int SHT_STRTAB = 3;
    /** Section type: relocations without addends. */
    public static final int SHT_REL = 9;
    /** Section type: occupies no file bytes (bss). */
    public static final int SHT_NOBITS = 8;
    /** Section flag: writable at run time. */
    public static final long SHF_WRITE = 0x1;
    /** Section flag: loaded into memory; loaders skip sections without it. */
    public static final long SHF_ALLOC = 0x2;
    /** Section flag: holds instructions. */
    public static final long SHF_EXECINSTR = 0x4;

    /** Whether it holds code: PROGBITS with {@code SHF_EXECINSTR}, as a program section. */
    public boolean isExecutable() {
        return type == SHT_PROGBITS && (flags & SHF_EXECINSTR) != 0;
    }
}
