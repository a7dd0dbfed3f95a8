package dev.sluice.compiler.elf;

/** One entry of the symbol table. */
public record ElfSymbol(String name, int info, int sectionIndex, long value, long size) {
    /** Binding: visible only inside the object. */
    public static final int STB_LOCAL = 0;
    /** Binding: visible to other objects; libbpf takes programs and maps from these. */
    public static final int STB_GLOBAL = 1;
    /** Type: unspecified. */
    public static final int STT_NOTYPE = 0;
    /** Type: a data object, such as a map definition. */
    public static final int STT_OBJECT = 1;
    /** Type: a function, such as a program. */
    public static final int STT_FUNC = 2;
    /** Type: the section itself, the target of section-relative relocations. */
    public static final int STT_SECTION = 3;

    /** The binding, the high 4 bits of {@code st_info} ({@code STB_*}). */
    public int binding() {
        return info >>> 4;
    }

    /** The type, the low 4 bits of {@code st_info} ({@code STT_*}). */
    public int type() {
        return info & 0xf;
    }
}
