package dev.sluice.compiler.elf;

import dev.sluice.compiler.elf.BpfObject.MapDefinition;
import dev.sluice.compiler.elf.BpfObject.ProgramSection;
import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.isa.Encoder;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.Pseudo;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link BpfObject} as a relocatable ELF64 object for EM_BPF that libbpf (bpftool, ip, tc)
 * loads: one section per program section name (programs sharing a name are laid out one after the
 * other, each with its own GLOBAL FUNC symbol), {@code license}, BTF-defined maps in {@code .maps}
 * with a GLOBAL OBJECT symbol each, {@code .rel<section>} relocations for map references, and the
 * {@code .BTF} that describes the maps and programs, and {@code .BTF.ext} with a func_info record per
 * program and the line_info records of the programs' source lines.
 */
public final class ElfWriter {
    /** Members of the map struct, as libbpf reads them; each is a pointer, so 8 bytes apart. */
    private static final String[] MAP_FIELDS = {"type", "key_size", "value_size", "max_entries", "map_flags"};
    private static final int MAP_STRUCT_SIZE = MAP_FIELDS.length * 8;

    private ElfWriter() {}

    /** The bytes of the object file for {@code object}. */
    public static byte[] write(BpfObject object) {
        return new Layout(object).bytes();
    }

    private static final class Section {
        final String name;
        final int type;
        final long flags;
        final long align;
        final long entrySize;
        byte[] data;
        int link;
        int info;
        int nameOffset;
        long offset;

        Section(String name, int type, long flags, long align, long entrySize, byte[] data) {
            this.name = name;
            this.type = type;
            this.flags = flags;
            this.align = align;
            this.entrySize = entrySize;
            this.data = data;
        }
    }

    private record Symbol(String name, int info, int section, long value, long size) {}

    private record Relocation(long offset, int symbol) {}

    /** A line_info record before BTF string offsets are known: byte offset within its section. */
    private record LineRecord(long byteOffset, BpfObject.SourceLine line) {}

    private record FuncRecord(long byteOffset, String name) {}

    private static final class Layout {
        final List<Section> sections = new ArrayList<>();
        final List<Symbol> symbols = new ArrayList<>();
        final ByteArrayOutputStream names = new ByteArrayOutputStream();
        final Map<String, Integer> nameOffsets = new LinkedHashMap<>();

        Layout(BpfObject object) {
            names.write(0);
            nameOffsets.put("", 0);
            sections.add(new Section("", 0, 0, 0, 0, new byte[0]));
            Section strtab = add(new Section(".strtab", ElfSection.SHT_STRTAB, 0, 1, 0, new byte[0]));
            symbols.add(new Symbol("", 0, 0, 0, 0));

            int mapsIndex = -1;
            if (!object.maps().isEmpty()) {
                mapsIndex = sections.size() + programSectionNames(object).size();
            }
            int firstMapSymbol = 1 + object.programs().size();

            Map<String, List<ProgramSection>> bySection = new LinkedHashMap<>();
            for (ProgramSection p : object.programs()) {
                bySection.computeIfAbsent(p.section(), k -> new ArrayList<>()).add(p);
            }
            Map<Integer, List<Relocation>> relocations = new LinkedHashMap<>();
            Map<String, List<FuncRecord>> funcRecords = new LinkedHashMap<>();
            Map<String, List<LineRecord>> lineRecords = new LinkedHashMap<>();
            for (Map.Entry<String, List<ProgramSection>> e : bySection.entrySet()) {
                int index = sections.size();
                ByteArrayOutputStream code = new ByteArrayOutputStream();
                List<Relocation> relocs = new ArrayList<>();
                for (ProgramSection p : e.getValue()) {
                    long start = code.size();
                    Code c = p.code();
                    int[] slots = c.slotIndices();
                    List<Instruction> patched = new ArrayList<>(c.size());
                    for (int i = 0; i < c.size(); i++) {
                        Instruction insn = c.get(i);
                        if (insn instanceof Instruction.LoadImm64 l && l.source() == Pseudo.MAP_FD) {
                            int map = (int) l.imm();
                            if (map < 0 || map >= object.maps().size()) {
                                throw new IllegalArgumentException("program " + p.name() + " refers to map #" + map
                                        + " but the object has " + object.maps().size());
                            }
                            relocs.add(new Relocation(start + slots[i] * 8L, firstMapSymbol + map));
                            // libbpf sets the pseudo source and the fd when it relocates, as for clang's output.
                            insn = new Instruction.LoadImm64(l.dst(), Pseudo.NONE, 0);
                        } else if (insn instanceof Instruction.LoadImm64 l && l.source() != Pseudo.NONE) {
                            throw new IllegalArgumentException("program " + p.name() + ": a 64-bit load with source "
                                    + l.source() + " cannot be written to an object file");
                        }
                        patched.add(insn);
                    }
                    code.writeBytes(Encoder.encode(patched));
                    symbols.add(new Symbol(p.name(), 0x12, index, start, code.size() - start));
                    funcRecords.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new FuncRecord(start, p.name()));
                    for (BpfObject.SourceLine line : p.lines()) {
                        if (line.instruction() < 0 || line.instruction() >= c.size()) {
                            throw new IllegalArgumentException("program " + p.name() + ": source line for instruction "
                                    + line.instruction() + " of " + c.size());
                        }
                        lineRecords.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                                .add(new LineRecord(start + slots[line.instruction()] * 8L, line));
                    }
                }
                add(new Section(e.getKey(), ElfSection.SHT_PROGBITS,
                        ElfSection.SHF_ALLOC | ElfSection.SHF_EXECINSTR, 8, 0, code.toByteArray()));
                if (!relocs.isEmpty()) relocations.put(index, relocs);
            }

            BtfBuilder btf = new BtfBuilder();
            int intType = btf.addInt("int", 4, true);
            int voidPointer = btf.addPointer(0);
            int prototype = btf.addFunctionPrototype(intType, List.of(new BtfBuilder.Param("ctx", voidPointer)));
            Map<String, Integer> functionTypes = new LinkedHashMap<>();
            for (ProgramSection p : object.programs()) functionTypes.put(p.name(), btf.addFunction(p.name(), prototype));
            if (!object.maps().isEmpty()) {
                add(new Section(".maps", ElfSection.SHT_PROGBITS, ElfSection.SHF_ALLOC | ElfSection.SHF_WRITE, 8, 0,
                        new byte[MAP_STRUCT_SIZE * object.maps().size()]));
                List<BtfBuilder.SectionVar> vars = new ArrayList<>();
                Map<Integer, Integer> uintOf = new LinkedHashMap<>();
                for (int m = 0; m < object.maps().size(); m++) {
                    MapDefinition def = object.maps().get(m);
                    int[] values = {def.type(), def.keySize(), def.valueSize(), def.maxEntries(), def.flags()};
                    List<BtfBuilder.Member> members = new ArrayList<>();
                    for (int f = 0; f < MAP_FIELDS.length; f++) {
                        // __uint(field, N) is encoded as int (*field)[N].
                        int value = values[f];
                        int pointer = uintOf.computeIfAbsent(value,
                                v -> btf.addPointer(btf.addArray(intType, intType, v)));
                        members.add(new BtfBuilder.Member(MAP_FIELDS[f], pointer, f * 64));
                    }
                    int struct = btf.addStruct("", MAP_STRUCT_SIZE, members);
                    int var = btf.addVar(def.name(), struct);
                    vars.add(new BtfBuilder.SectionVar(var, m * MAP_STRUCT_SIZE, MAP_STRUCT_SIZE));
                    symbols.add(new Symbol(def.name(), 0x11, mapsIndex, (long) m * MAP_STRUCT_SIZE, MAP_STRUCT_SIZE));
                }
                btf.addDataSection(".maps", MAP_STRUCT_SIZE * object.maps().size(), vars);
            }

            for (Map.Entry<String, byte[]> note : object.notes().entrySet()) {
                add(new Section(note.getKey(), ElfSection.SHT_PROGBITS, 0, 1, 0, note.getValue()));
            }
            if (!object.mapEntries().isEmpty()) {
                add(new Section(MapEntries.SECTION, ElfSection.SHT_PROGBITS, 0, 1, 0, MapEntries.encode(object.mapEntries())));
            }
            add(new Section("license", ElfSection.SHT_PROGBITS, ElfSection.SHF_ALLOC | ElfSection.SHF_WRITE, 1, 0,
                    (object.license() + "\0").getBytes(StandardCharsets.UTF_8)));
            int symtabIndex = sections.size() + relocations.size() + 2;
            for (Map.Entry<Integer, List<Relocation>> e : relocations.entrySet()) {
                ByteBuffer rel = ByteBuffer.allocate(16 * e.getValue().size()).order(ByteOrder.LITTLE_ENDIAN);
                for (Relocation r : e.getValue()) {
                    rel.putLong(r.offset()).putLong((long) r.symbol() << 32 | ElfRelocation.R_BPF_64_64);
                }
                Section s = add(new Section(".rel" + sections.get(e.getKey()).name, ElfSection.SHT_REL, 0, 8, 16,
                        rel.array()));
                s.link = symtabIndex;
                s.info = e.getKey();
            }
            byte[] btfExt = btfExt(btf, funcRecords, functionTypes, lineRecords);
            add(new Section(".BTF", ElfSection.SHT_PROGBITS, 0, 4, 0, btf.build()));
            add(new Section(".BTF.ext", ElfSection.SHT_PROGBITS, 0, 4, 0, btfExt));
            Section symtab = add(new Section(".symtab", ElfSection.SHT_SYMTAB, 0, 8, 24, new byte[0]));
            if (sections.indexOf(symtab) != symtabIndex) throw new IllegalStateException("symtab index mismatch");
            symtab.link = sections.indexOf(strtab);
            symtab.info = 1; // every symbol after the null one is global
            ByteBuffer syms = ByteBuffer.allocate(24 * symbols.size()).order(ByteOrder.LITTLE_ENDIAN);
            for (Symbol s : symbols) {
                syms.putInt(name(s.name())).put((byte) s.info()).put((byte) 0).putShort((short) s.section())
                        .putLong(s.value()).putLong(s.size());
            }
            symtab.data = syms.array();
            for (Section s : sections) s.nameOffset = name(s.name);
            strtab.data = names.toByteArray();
        }

        /** The .BTF.ext blob: header, func_info (8-byte records), line_info (16-byte records). */
        private static byte[] btfExt(BtfBuilder btf, Map<String, List<FuncRecord>> funcs, Map<String, Integer> types,
                                     Map<String, List<LineRecord>> lines) {
            ByteArrayOutputStream funcInfo = new ByteArrayOutputStream();
            u32(funcInfo, 8);
            for (Map.Entry<String, List<FuncRecord>> e : funcs.entrySet()) {
                u32(funcInfo, btf.string(e.getKey()));
                u32(funcInfo, e.getValue().size());
                for (FuncRecord f : e.getValue()) {
                    u32(funcInfo, (int) f.byteOffset());
                    u32(funcInfo, types.get(f.name()));
                }
            }
            ByteArrayOutputStream lineInfo = new ByteArrayOutputStream();
            if (!lines.isEmpty()) {
                u32(lineInfo, 16);
                for (Map.Entry<String, List<LineRecord>> e : lines.entrySet()) {
                    u32(lineInfo, btf.string(e.getKey()));
                    u32(lineInfo, e.getValue().size());
                    for (LineRecord r : e.getValue()) {
                        u32(lineInfo, (int) r.byteOffset());
                        u32(lineInfo, btf.string(r.line().file()));
                        u32(lineInfo, btf.string(r.line().text()));
                        // line in the high 22 bits, column in the low 10 (BPF_LINE_INFO_LINE_NUM/LINE_COL).
                        u32(lineInfo, r.line().line() << 10 | Math.min(r.line().column(), 0x3ff));
                    }
                }
            }
            byte[] f = funcInfo.toByteArray();
            byte[] l = lineInfo.toByteArray();
            ByteBuffer out = ByteBuffer.allocate(24 + f.length + l.length).order(ByteOrder.LITTLE_ENDIAN);
            out.putShort((short) 0xeB9F).put((byte) 1).put((byte) 0).putInt(24);
            out.putInt(0).putInt(f.length).putInt(f.length).putInt(l.length);
            out.put(f).put(l);
            return out.array();
        }

        private static void u32(ByteArrayOutputStream out, int v) {
            out.write(v);
            out.write(v >>> 8);
            out.write(v >>> 16);
            out.write(v >>> 24);
        }

        private static List<String> programSectionNames(BpfObject object) {
            return object.programs().stream().map(ProgramSection::section).distinct().toList();
        }

        private Section add(Section s) {
            sections.add(s);
            return s;
        }

        private int name(String s) {
            Integer at = nameOffsets.get(s);
            if (at != null) return at;
            int offset = names.size();
            names.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            names.write(0);
            nameOffsets.put(s, offset);
            return offset;
        }

        byte[] bytes() {
            long at = 64;
            for (Section s : sections) {
                if (s.type == 0) continue;
                at = align(at, Math.max(1, s.align));
                s.offset = at;
                at += s.data.length;
            }
            long shoff = align(at, 8);
            ByteBuffer out = ByteBuffer.allocate((int) (shoff + 64L * sections.size())).order(ByteOrder.LITTLE_ENDIAN);
            out.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
            out.putShort((short) 1).putShort((short) ElfObject.EM_BPF).putInt(1).putLong(0).putLong(0).putLong(shoff)
                    .putInt(0).putShort((short) 64).putShort((short) 0).putShort((short) 0).putShort((short) 64)
                    .putShort((short) sections.size()).putShort((short) 1);
            for (Section s : sections) {
                if (s.type != 0) out.put((int) s.offset, s.data);
            }
            out.position((int) shoff);
            for (Section s : sections) {
                out.putInt(s.nameOffset).putInt(s.type).putLong(s.flags).putLong(0).putLong(s.offset)
                        .putLong(s.data.length).putInt(s.link).putInt(s.info).putLong(s.align).putLong(s.entrySize);
            }
            return out.array();
        }

        private static long align(long at, long alignment) {
            return (at + alignment - 1) / alignment * alignment;
        }
    }
}
