package dev.sluice.compiler.elf;

import dev.sluice.compiler.maps.MapSpec;
import dev.sluice.compiler.maps.MapType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BTF-defined maps of an object ({@code .maps} section, libbpf's convention): each variable of the
 * {@code .maps} DATASEC is a struct whose members give the map's type, sizes and limits, either as
 * {@code __uint(name, N)} (a pointer to an array of N) or {@code __type(key, T)} (a pointer to T).
 */
public final class MapDefinitions {
    private MapDefinitions() {}

    /** Map specs by symbol name, in .maps order. */
    public static Map<String, MapSpec> of(ElfObject elf) {
        Map<String, MapSpec> out = new LinkedHashMap<>();
        ElfSection maps = elf.section(".maps").orElse(null);
        if (maps == null) return out;
        ElfSection btfSection = elf.section(".BTF")
                .orElseThrow(() -> new ElfFormatException(0, "the object has a .maps section but no .BTF to describe it"));
        BtfTypes btf = BtfTypes.read(btfSection.data());
        BtfTypes.Type section = btf.dataSection(".maps")
                .orElseThrow(() -> new ElfFormatException(0, "no DATASEC '.maps' in .BTF"));
        for (BtfTypes.SectionVar v : section.vars()) {
            BtfTypes.Type variable = btf.get(v.type());
            BtfTypes.Type struct = btf.resolve(variable.sizeOrType());
            int type = 0, key = 0, value = 0, max = 0, flags = 0;
            for (BtfTypes.Member m : struct.members()) {
                BtfTypes.Type pointer = btf.resolve(m.type());
                if (pointer.kind() != 2) continue;
                BtfTypes.Type target = btf.resolve(pointer.sizeOrType());
                int number = target.kind() == 3 ? target.arrayLength() : 0;
                switch (m.name()) {
                    case "type": type = number; break;
                    case "max_entries": max = number; break;
                    case "map_flags": flags = number; break;
                    case "key_size": key = number; break;
                    case "value_size": value = number; break;
                    case "key": key = btf.sizeOf(pointer.sizeOrType()); break;
                    case "value": value = btf.sizeOf(pointer.sizeOrType()); break;
                    default: break;
                }
            }
            out.put(variable.name(), new MapSpec(variable.name(), mapType(type, variable.name()), key, value, max, flags));
        }
        return out;
    }

    private static MapType mapType(int number, String name) {
        for (MapType t : MapType.values()) {
            if (t.number() == number) return t;
        }
        throw new ElfFormatException(0, "map " + name + " has type " + number + ", which Sluice cannot create");
    }

    /** The names of maps in symbol order, for relocation lookups. */
    public static List<String> names(ElfObject elf) {
        return new ArrayList<>(of(elf).keySet());
    }
}
