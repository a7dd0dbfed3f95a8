package dev.sluice.compiler.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A relocatable little-endian ELF64 object for eBPF, as clang and Sluice write them. Reading checks
 * every offset against the file, so a truncated or corrupt file is an {@link ElfFormatException}
 * that names the offset, never an index error.
 */
public record ElfObject(List<ElfSection> sections, List<ElfSymbol> symbols, List<ElfRelocation> relocations,
                        List<ElfSymbol> dynamicSymbols, List<Segment> segments) {
    /** A PT_LOAD program header: where file bytes are mapped. */
    public record Segment(long fileOffset, long virtualAddress, long fileSize, long memorySize, int flags) {}

    /** Section type of the dynamic symbol table, which stripped shared libraries keep for uprobes. */
    public static final int SHT_DYNSYM = 11;
    private static final int PT_LOAD = 1;
    /** The {@code e_machine} value of eBPF objects. */
    public static final int EM_BPF = 247;
    private static final int HEADER_SIZE = 64;
    private static final int SECTION_HEADER_SIZE = 64;
    private static final int SYMBOL_SIZE = 24;
    private static final int REL_SIZE = 16;

    /** Copies the lists, so the object cannot change afterwards. */
    public ElfObject {
        sections = List.copyOf(sections);
        symbols = List.copyOf(symbols);
        relocations = List.copyOf(relocations);
        dynamicSymbols = List.copyOf(dynamicSymbols);
        segments = List.copyOf(segments);
    }

    /** An object without dynamic symbols or segments, as a relocatable file has. */
    public ElfObject(List<ElfSection> sections, List<ElfSymbol> symbols, List<ElfRelocation> relocations) {
        this(sections, symbols, relocations, List.of(), List.of());
    }

    /**
     * The file offset of a function symbol (static table first, then dynamic), as uprobes want
     * it: {@code st_value - p_vaddr + p_offset} of the PT_LOAD segment that contains it.
     */
    public Optional<Long> fileOffsetOf(String symbol) {
        for (List<ElfSymbol> table : List.of(symbols, dynamicSymbols)) {
            for (ElfSymbol s : table) {
                if (!s.name().equals(symbol) || s.sectionIndex() == 0 || s.type() != ElfSymbol.STT_FUNC && s.type() != 10) continue;
                for (Segment seg : segments) {
                    if (s.value() >= seg.virtualAddress() && s.value() < seg.virtualAddress() + seg.memorySize()) {
                        return Optional.of(s.value() - seg.virtualAddress() + seg.fileOffset());
                    }
                }
                if (segments.isEmpty()) return Optional.of(s.value());
            }
        }
        return Optional.empty();
    }

    /** The first section called {@code name}. */
    public Optional<ElfSection> section(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** GLOBAL or LOCAL FUNC symbols defined in the given section, by offset. */
    public List<ElfSymbol> functionsIn(int sectionIndex) {
        List<ElfSymbol> out = new ArrayList<>();
        for (ElfSymbol s : symbols) {
            if (s.sectionIndex() == sectionIndex && s.type() == ElfSymbol.STT_FUNC) out.add(s);
        }
        out.sort((a, b) -> Long.compare(a.value(), b.value()));
        return out;
    }

    /** Reads an eBPF object; any other machine is an error. */
    public static ElfObject read(byte[] file) {
        return read(file, true);
    }

    /** Reads an ELF64 little-endian file of any machine (an executable or library to probe). */
    public static ElfObject readAnyMachine(byte[] file) {
        return read(file, false);
    }

    private static ElfObject read(byte[] file, boolean eBpfOnly) {
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (file.length < HEADER_SIZE) throw new ElfFormatException(0, "too short for an ELF header (" + file.length + " bytes)");
        if (file[0] != 0x7f || file[1] != 'E' || file[2] != 'L' || file[3] != 'F') {
            throw new ElfFormatException(0, "not an ELF file (bad magic)");
        }
        if (file[4] != 2) throw new ElfFormatException(4, "not a 64-bit ELF object (class " + file[4] + ")");
        if (file[5] != 1) throw new ElfFormatException(5, "not a little-endian ELF object");
        int machine = in.getShort(18) & 0xffff;
        if (eBpfOnly && machine != EM_BPF && machine != 0) {
            throw new ElfFormatException(18, "not an eBPF object (e_machine " + machine + ", expected " + EM_BPF + ")");
        }
        long shoff = in.getLong(40);
        int shentsize = in.getShort(58) & 0xffff;
        int shnum = in.getShort(60) & 0xffff;
        int shstrndx = in.getShort(62) & 0xffff;
        if (shnum == 0) throw new ElfFormatException(60, "the object has no sections");
        if (shentsize != SECTION_HEADER_SIZE) {
            throw new ElfFormatException(58, "section header size " + shentsize + ", expected " + SECTION_HEADER_SIZE);
        }
        checkRange(file, shoff, (long) shnum * SECTION_HEADER_SIZE, 40, "section header table");
        if (shstrndx >= shnum) throw new ElfFormatException(62, "section name table index " + shstrndx + " out of range");

        record Header(int name, int type, long flags, long offset, long size, int link, int info, long entsize, long at) {}
        List<Header> headers = new ArrayList<>(shnum);
        for (int i = 0; i < shnum; i++) {
            int at = (int) (shoff + (long) i * SECTION_HEADER_SIZE);
            Header h = new Header(in.getInt(at), in.getInt(at + 4), in.getLong(at + 8), in.getLong(at + 24),
                    in.getLong(at + 32), in.getInt(at + 40), in.getInt(at + 44), in.getLong(at + 56), at);
            if (h.type() != ElfSection.SHT_NOBITS && i != 0) {
                checkRange(file, h.offset(), h.size(), at + 24, "section " + i);
            }
            headers.add(h);
        }
        Header names = headers.get(shstrndx);
        byte[] nameTable = slice(file, names.offset(), names.size());
        List<ElfSection> sections = new ArrayList<>(shnum);
        for (int i = 0; i < shnum; i++) {
            Header h = headers.get(i);
            String name = i == 0 ? "" : string(nameTable, h.name(), h.at());
            byte[] data = (i == 0 || h.type() == ElfSection.SHT_NOBITS) ? new byte[0] : slice(file, h.offset(), h.size());
            sections.add(new ElfSection(i, name, h.type(), h.flags(), h.link(), h.info(), h.entsize(), data));
        }

        List<ElfSymbol> symbols = symbolTable(sections, headers.stream().map(Header::at).toList(), headers.stream().map(Header::offset).toList(), shnum, ElfSection.SHT_SYMTAB);
        List<ElfSymbol> dynamic = symbolTable(sections, headers.stream().map(Header::at).toList(), headers.stream().map(Header::offset).toList(), shnum, SHT_DYNSYM);
        List<Segment> segments = new ArrayList<>();
        long phoff = in.getLong(32);
        int phentsize = in.getShort(54) & 0xffff;
        int phnum = in.getShort(56) & 0xffff;
        if (phnum > 0) {
            if (phentsize != 56) throw new ElfFormatException(54, "program header size " + phentsize + ", expected 56");
            checkRange(file, phoff, (long) phnum * 56, 32, "program header table");
            for (int i = 0; i < phnum; i++) {
                int at = (int) (phoff + i * 56L);
                if (in.getInt(at) != PT_LOAD) continue;
                segments.add(new Segment(in.getLong(at + 8), in.getLong(at + 16), in.getLong(at + 32), in.getLong(at + 40),
                        in.getInt(at + 4)));
            }
        }
        List<ElfRelocation> relocations = relocations(sections, headers.stream().map(Header::offset).toList(),
                headers.stream().map(Header::at).toList(), symbols.size(), shnum);
        return new ElfObject(sections, symbols, relocations, dynamic, segments);
    }

    private static List<ElfSymbol> symbolTable(List<ElfSection> sections, List<Long> headerAt, List<Long> offsets, int shnum,
                                               int type) {
        List<ElfSymbol> symbols = new ArrayList<>();
        for (ElfSection s : sections) {
            if (s.type() != type) continue;
            if (s.link() <= 0 || s.link() >= shnum) {
                throw new ElfFormatException(headerAt.get(s.index()) + 40, "symbol table links to no string table");
            }
            byte[] strings = sections.get(s.link()).data();
            ByteBuffer t = ByteBuffer.wrap(s.data()).order(ByteOrder.LITTLE_ENDIAN);
            long base = offsets.get(s.index());
            for (int at = 0; at + SYMBOL_SIZE <= s.data().length; at += SYMBOL_SIZE) {
                int shndx = t.getShort(at + 6) & 0xffff;
                symbols.add(new ElfSymbol(string(strings, t.getInt(at), base + at), t.get(at + 4) & 0xff, shndx,
                        t.getLong(at + 8), t.getLong(at + 16)));
            }
            break;
        }
        return symbols;
    }

    private static List<ElfRelocation> relocations(List<ElfSection> sections, List<Long> offsets, List<Long> headerAt,
                                                   int symbolCount, int shnum) {
        List<ElfRelocation> relocations = new ArrayList<>();
        for (ElfSection s : sections) {
            if (s.type() != ElfSection.SHT_REL) continue;
            long base = offsets.get(s.index());
            if (s.info() <= 0 || s.info() >= shnum) {
                throw new ElfFormatException(headerAt.get(s.index()) + 44, "relocation section " + s.name() + " targets no section");
            }
            ByteBuffer r = ByteBuffer.wrap(s.data()).order(ByteOrder.LITTLE_ENDIAN);
            for (int at = 0; at + REL_SIZE <= s.data().length; at += REL_SIZE) {
                long info = r.getLong(at + 8);
                int symbol = (int) (info >>> 32);
                if (symbol >= symbolCount) {
                    throw new ElfFormatException(base + at + 8, "relocation refers to symbol " + symbol + " of " + symbolCount);
                }
                long offset = r.getLong(at);
                if (offset < 0 || offset >= sections.get(s.info()).data().length) {
                    throw new ElfFormatException(base + at, "relocation offset " + offset + " is outside section "
                            + sections.get(s.info()).name());
                }
                relocations.add(new ElfRelocation(s.info(), offset, symbol, (int) info));
            }
        }
        return relocations;
    }

    private static void checkRange(byte[] file, long offset, long size, long fieldAt, String what) {
        if (offset < 0 || size < 0 || offset > file.length || size > file.length - offset) {
            throw new ElfFormatException(fieldAt, what + " (offset " + offset + ", size " + size
                    + ") lies outside the " + file.length + "-byte file");
        }
    }

    private static byte[] slice(byte[] file, long offset, long size) {
        byte[] out = new byte[(int) size];
        System.arraycopy(file, (int) offset, out, 0, (int) size);
        return out;
    }

    private static String string(byte[] table, int at, long fieldAt) {
        if (at < 0 || at >= table.length && !(at == 0 && table.length == 0)) {
            throw new ElfFormatException(fieldAt, "name offset " + at + " outside its string table");
        }
        int end = at;
        while (end < table.length && table[end] != 0) end++;
        return new String(table, at, end - at, StandardCharsets.UTF_8);
    }
}
