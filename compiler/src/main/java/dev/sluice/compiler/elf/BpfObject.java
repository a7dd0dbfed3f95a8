package dev.sluice.compiler.elf;

import dev.sluice.compiler.isa.Code;
import java.util.List;

/**
 * What goes into an eBPF object file: programs, the maps they use and the license. In a program's
 * code, a {@code LoadImm64} with source {@code MAP_FD} refers to a map by its index in
 * {@link #maps()}; the writer turns it into a relocation against that map's symbol.
 */
public record BpfObject(List<ProgramSection> programs, List<MapDefinition> maps, String license, List<MapEntry> mapEntries,
                        java.util.Map<String, byte[]> notes) {
    /** Copies the lists and the notes (keeping their order), so the object cannot change afterwards. */
    public BpfObject {
        programs = List.copyOf(programs);
        maps = List.copyOf(maps);
        mapEntries = List.copyOf(mapEntries);
        notes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(notes));
    }

    /** An object without notes. */
    public BpfObject(List<ProgramSection> programs, List<MapDefinition> maps, String license, List<MapEntry> mapEntries) {
        this(programs, maps, license, mapEntries, java.util.Map.of());
    }

    /** An object without notes or initial map entries. */
    public BpfObject(List<ProgramSection> programs, List<MapDefinition> maps, String license) {
        this(programs, maps, license, List.of());
    }

    /** With a section of Sluice's own that loaders skip (not allocated): {@code name} holds {@code bytes}. */
    public BpfObject withNote(String name, byte[] bytes) {
        java.util.Map<String, byte[]> more = new java.util.LinkedHashMap<>(notes);
        more.put(name, bytes);
        return new BpfObject(programs, maps, license, mapEntries, more);
    }

    /**
     * An entry a map must hold before the programs run (a set's member). No ELF map definition
     * carries the contents of a hash map or an LPM trie, so these go to {@link MapEntries#SECTION}.
     */
    public record MapEntry(String map, byte[] key, byte[] value) {}

    /**
     * A program: the section libbpf reads its type from ({@code xdp}, {@code tc}, ...), its symbol
     * name, its code, and the source line of instructions (by instruction index, in order), which
     * goes to {@code .BTF.ext} so that {@code bpftool prog dump xlated} shows it.
     */
    public record ProgramSection(String section, String name, Code code, List<SourceLine> lines) {
        /** Copies the line list. */
        public ProgramSection {
            lines = List.copyOf(lines);
        }

        /** A program without source lines (no {@code .BTF.ext} line info). */
        public ProgramSection(String section, String name, Code code) {
            this(section, name, code, List.of());
        }
    }

    /** Where instruction {@code instruction} (an index into the program's code) comes from. */
    public record SourceLine(int instruction, String file, int line, int column, String text) {}

    /** A BTF-defined map, with the kernel's {@code enum bpf_map_type} number. */
    public record MapDefinition(String name, int type, int keySize, int valueSize, int maxEntries, int flags) {}
}
