package dev.sluice.runtime;

import dev.sluice.compiler.elf.BpfObject;
import dev.sluice.compiler.elf.ElfFormatException;
import dev.sluice.compiler.elf.MapEntries;
import dev.sluice.compiler.elf.ElfObject;
import dev.sluice.compiler.elf.ElfRelocation;
import dev.sluice.compiler.elf.ElfSection;
import dev.sluice.compiler.elf.ElfSymbol;
import dev.sluice.compiler.elf.MapDefinitions;
import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.isa.DecodeException;
import dev.sluice.compiler.isa.Decoder;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.Pseudo;
import dev.sluice.compiler.maps.MapSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ELF object (Sluice's or clang's) loaded into the kernel: its BTF-defined maps created, map
 * references patched with their file descriptors, and every program loaded with the type its
 * section names. CO-RE relocations, global data sections and bpf-to-bpf calls across sections are
 * not supported and say so.
 */
public final class LoadedObject implements AutoCloseable {
    private final Map<String, BpfMap> maps;
    private final Map<String, BpfProgram> programs;
    private final Map<String, String> sections;

    private LoadedObject(Map<String, BpfMap> maps, Map<String, BpfProgram> programs, Map<String, String> sections) {
        this.maps = Collections.unmodifiableMap(maps);
        this.programs = Collections.unmodifiableMap(programs);
        this.sections = Collections.unmodifiableMap(sections);
    }

    /** Loads {@code bytes}; {@code origin} names the file in error messages. */
    public static LoadedObject load(byte[] bytes, String origin) {
        ElfObject elf;
        Map<String, MapSpec> specs;
        try {
            elf = ElfObject.read(bytes);
            specs = MapDefinitions.of(elf);
        } catch (ElfFormatException e) {
            throw new IllegalArgumentException(origin + ": not a valid eBPF object: " + e.getMessage(), e);
        }
        String license = elf.section("license").map(s -> cString(s.data())).orElse("");
        Map<String, BpfMap> maps = new LinkedHashMap<>();
        Map<String, BpfProgram> programs = new LinkedHashMap<>();
        Map<String, String> sectionOf = new LinkedHashMap<>();
        try {
            for (MapSpec spec : specs.values()) maps.put(spec.name(), BpfMap.create(spec));
            fillMaps(elf, maps, origin);
            int mapsSection = elf.section(".maps").map(ElfSection::index).orElse(-1);
            for (ElfSection section : elf.sections()) {
                if (!section.isExecutable() || section.data().length == 0) continue;
                SectionTypes.Kind kind = SectionTypes.of(section.name()).orElse(null);
                if (kind == null) {
                    if (section.name().equals(".text")) {
                        throw new IllegalArgumentException(origin + ": functions in .text (bpf-to-bpf calls) are not supported");
                    }
                    throw new IllegalArgumentException(origin + ": section " + section.name() + " names no program type Sluice knows");
                }
                for (ElfSymbol function : elf.functionsIn(section.index())) {
                    if (function.binding() != ElfSymbol.STB_GLOBAL) continue;
                    Code code = programCode(elf, section, function, maps, mapsSection, origin);
                    LoadRequest request = new LoadRequest(function.name(), kind.type(), code, license,
                            kind.expectedAttachType(), 0);
                    programs.put(function.name(), BpfProgram.load(request));
                    sectionOf.put(function.name(), section.name());
                }
            }
        } catch (RuntimeException e) {
            programs.values().forEach(BpfProgram::close);
            maps.values().forEach(BpfMap::close);
            throw e;
        }
        return new LoadedObject(maps, programs, sectionOf);
    }

    /** Sluice's objects carry set members in their own section (MapEntries); clang's have none. */
    private static void fillMaps(ElfObject elf, Map<String, BpfMap> maps, String origin) {
        Optional<ElfSection> init = elf.section(MapEntries.SECTION);
        if (init.isEmpty()) return;
        List<BpfObject.MapEntry> entries;
        try {
            entries = MapEntries.decode(init.get().data());
        } catch (ElfFormatException e) {
            throw new IllegalArgumentException(origin + ": not a valid eBPF object: " + e.getMessage(), e);
        }
        for (BpfObject.MapEntry e : entries) {
            BpfMap map = maps.get(e.map());
            if (map == null) throw new IllegalArgumentException(origin + ": " + MapEntries.SECTION + " fills map " + e.map() + ", which the object does not define");
            map.update(e.key(), e.value());
        }
    }

    private static Code programCode(ElfObject elf, ElfSection section, ElfSymbol function, Map<String, BpfMap> maps,
                                    int mapsSection, String origin) {
        long start = function.value();
        long size = function.size() > 0 ? function.size() : section.data().length - start;
        if (start < 0 || start + size > section.data().length || size % 8 != 0) {
            throw new IllegalArgumentException(origin + ": function " + function.name() + " lies outside section " + section.name());
        }
        byte[] bytes = Arrays.copyOfRange(section.data(), (int) start, (int) (start + size));
        List<Instruction> insns;
        try {
            insns = new ArrayList<>(Decoder.decode(bytes));
        } catch (DecodeException e) {
            throw new IllegalArgumentException(origin + ": " + function.name() + ": " + e.getMessage(), e);
        }
        int[] slots = new Code(insns).slotIndices();
        for (ElfRelocation r : elf.relocations()) {
            if (r.targetSection() != section.index() || r.offset() < start || r.offset() >= start + size) continue;
            ElfSymbol symbol = elf.symbols().get(r.symbolIndex());
            int slot = (int) ((r.offset() - start) / 8);
            int index = Arrays.binarySearch(slots, slot);
            if (index < 0 || !(insns.get(index) instanceof Instruction.LoadImm64 load)) {
                throw new IllegalArgumentException(origin + ": " + function.name() + ": relocation at byte " + r.offset()
                        + " is not on a 64-bit load (calls between functions are not supported)");
            }
            if (symbol.sectionIndex() != mapsSection || !maps.containsKey(symbol.name())) {
                throw new IllegalArgumentException(origin + ": " + function.name() + " refers to " + symbol.name()
                        + ", which is not a BTF-defined map (global data is not supported)");
            }
            insns.set(index, new Instruction.LoadImm64(load.dst(), Pseudo.MAP_FD, maps.get(symbol.name()).fd() & 0xffffffffL));
        }
        return new Code(insns);
    }

    private static String cString(byte[] data) {
        int end = 0;
        while (end < data.length && data[end] != 0) end++;
        return new String(data, 0, end, StandardCharsets.UTF_8);
    }

    /** Every program of the object, by its symbol name. */
    public Map<String, BpfProgram> programs() {
        return programs;
    }

    /** Every map of the object, by name. */
    public Map<String, BpfMap> maps() {
        return maps;
    }

    /**
     * The program with symbol {@code name}; an {@link IllegalArgumentException} listing the names there are
     * when there is none.
     */
    public BpfProgram program(String name) {
        BpfProgram p = programs.get(name);
        if (p == null) throw new IllegalArgumentException("no program " + name + " (have " + programs.keySet() + ")");
        return p;
    }

    /**
     * The map named {@code name}; an {@link IllegalArgumentException} listing the names there are when there
     * is none.
     */
    public BpfMap map(String name) {
        BpfMap m = maps.get(name);
        if (m == null) throw new IllegalArgumentException("no map " + name + " (have " + maps.keySet() + ")");
        return m;
    }

    /** The ELF section a program came from (it says where to attach: xdp, tc, tcx/ingress, ...). */
    public String sectionOf(String program) {
        return sections.get(program);
    }

    @Override
    public void close() {
        programs.values().forEach(BpfProgram::close);
        maps.values().forEach(BpfMap::close);
    }
}
