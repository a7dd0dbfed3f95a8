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
 * {@code .BTF} that describes the maps.
 */
public final class ElfWriter {
    /** Members of the map struct, as libbpf reads them; each is a pointer, so 8 bytes apart. */
    private static final String[] MAP_FIELDS = {"type", "key_size", "value_size", "max_entries", "map_flags"};
    private static final int MAP_STRUCT_SIZE = MAP_FIELDS.length * 8;

    private ElfWriter() {}

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
                }
                add(new Section(e.getKey(), ElfSection.SHT_PROGBITS,
                        ElfSection.SHF_ALLOC | ElfSection.SHF_EXECINSTR, 8, 0, code.toByteArray()));
                if (!relocs.isEmpty()) relocations.put(index, relocs);
            }

            BtfBuilder btf = new BtfBuilder();
            if (!object.maps().isEmpty()) {
                add(new Section(".maps", ElfSection.SHT_PROGBITS, ElfSection.SHF_ALLOC | ElfSection.SHF_WRITE, 8, 0,
                        new byte[MAP_STRUCT_SIZE * object.maps().size()]));
                int intType = btf.addInt("int", 4, true);
                List<BtfBuilder.SectionVar> vars = new ArrayList<>();
                for (int m = 0; m < object.maps().size(); m++) {
                    MapDefinition def = object.maps().get(m);
                    int[] values = {def.type(), def.keySize(), def.valueSize(), def.maxEntries(), def.flags()};
                    List<BtfBuilder.Member> members = new ArrayList<>();
                    for (int f = 0; f < MAP_FIELDS.length; f++) {
                        // __uint(field, N) is encoded as int (*field)[N].
                        int array = btf.addArray(intType, intType, values[f]);
                        members.add(new BtfBuilder.Member(MAP_FIELDS[f], btf.addPointer(array), f * 64));
                    }
                    int struct = btf.addStruct("", MAP_STRUCT_SIZE, members);
                    int var = btf.addVar(def.name(), struct);
                    vars.add(new BtfBuilder.SectionVar(var, m * MAP_STRUCT_SIZE, MAP_STRUCT_SIZE));
                    symbols.add(new Symbol(def.name(), 0x11, mapsIndex, (long) m * MAP_STRUCT_SIZE, MAP_STRUCT_SIZE));
                }
                btf.addDataSection(".maps", MAP_STRUCT_SIZE * object.maps().size(), vars);
            }

            add(new Section("license", ElfSection.SHT_PROGBITS, ElfSection.SHF_ALLOC | ElfSection.SHF_WRITE, 1, 0,
                    (object.license() + "\0").getBytes(StandardCharsets.UTF_8)));
            int symtabIndex = sections.size() + relocations.size() + (object.maps().isEmpty() ? 0 : 1);
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
            if (!object.maps().isEmpty()) {
                add(new Section(".BTF", 0x1, 0, 4, 0, btf.build()));
            }
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
