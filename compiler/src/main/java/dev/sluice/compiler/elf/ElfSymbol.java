package dev.sluice.compiler.elf;

/** One entry of the symbol table. */
public record ElfSymbol(String name, int info, int sectionIndex, long value, long size) {
    public static final int STB_LOCAL = 0;
    public static final int STB_GLOBAL = 1;
    public static final int STT_NOTYPE = 0;
    public static final int STT_OBJECT = 1;
    public static final int STT_FUNC = 2;
    public static final int STT_SECTION = 3;

    public int binding() {
        return info >>> 4;
    }

    public int type() {
        return info & 0xf;
    }
}
