package dev.sluice.compiler.elf;

import dev.sluice.compiler.isa.Code;
import java.util.List;

/**
 * What goes into an eBPF object file: programs, the maps they use and the license. In a program's
 * code, a {@code LoadImm64} with source {@code MAP_FD} refers to a map by its index in
 * {@link #maps()}; the writer turns it into a relocation against that map's symbol.
 */
public record BpfObject(List<ProgramSection> programs, List<MapDefinition> maps, String license) {
    public BpfObject {
        programs = List.copyOf(programs);
        maps = List.copyOf(maps);
    }

    /** A program: the section libbpf reads its type from ({@code xdp}, {@code tc}, ...) and its symbol name. */
    public record ProgramSection(String section, String name, Code code) {}

    /** A BTF-defined map, with the kernel's {@code enum bpf_map_type} number. */
    public record MapDefinition(String name, int type, int keySize, int valueSize, int maxEntries, int flags) {}
}
