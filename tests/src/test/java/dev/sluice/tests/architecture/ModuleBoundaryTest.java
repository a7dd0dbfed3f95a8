package dev.sluice.tests.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.module.ModuleDescriptor;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The API boundary of the library modules (docs/ARCHITECTURE.md, "Modules"): read from each jar's
 * module-info, the packages exported to everyone are exactly the public API, and the internal ones
 * are exported to no module at all. A package exported by mistake, or a new package left out of
 * both lists, fails here.
 */
class ModuleBoundaryTest {
    // The facade packages and every package whose types their signatures name (ApiSignaturesTest).
    private static final Map<String, Set<String>> PUBLIC_API = Map.of(
            "dev.sluice.dsl", Set.of("dev.sluice.dsl", "dev.sluice.dsl.model"),
            "dev.sluice.grammar", Set.of("dev.sluice.grammar"),
            "dev.sluice.compiler", Set.of("dev.sluice.compiler", "dev.sluice.compiler.check", "dev.sluice.compiler.elf",
                    "dev.sluice.compiler.hooks", "dev.sluice.compiler.image", "dev.sluice.compiler.interp",
                    "dev.sluice.compiler.isa", "dev.sluice.compiler.maps", "dev.sluice.compiler.trace"),
            "dev.sluice.runtime", Set.of("dev.sluice.runtime", "dev.sluice.runtime.probe"),
            "dev.sluice.testing", Set.of("dev.sluice.testing"));

    // The passes, their intermediate forms and the system calls: no module may read them.
    private static final Map<String, Set<String>> INTERNAL = Map.of(
            "dev.sluice.compiler", Set.of("dev.sluice.compiler.codegen", "dev.sluice.compiler.lower", "dev.sluice.compiler.pcap"),
            // The pcap-filter parser: reached only through the dsl's PcapFilterParser service.
            "dev.sluice.grammar", Set.of("dev.sluice.grammar.pcap"),
            "dev.sluice.runtime", Set.of("dev.sluice.runtime.sys"));

    @Test
    void onlyThePublicApiIsExportedToEveryone() {
        Map<String, Set<String>> found = new TreeMap<>();
        for (ModuleDescriptor module : libraries()) {
            found.put(module.name(), module.exports().stream()
                    .filter(e -> !e.isQualified())
                    .map(ModuleDescriptor.Exports::source)
                    .collect(Collectors.toCollection(TreeSet::new)));
        }
        assertEquals(sorted(PUBLIC_API), found);
    }

    @Test
    void internalPackagesAreExportedToNoModule() {
        Map<String, Set<String>> unexported = new TreeMap<>();
        for (ModuleDescriptor module : libraries()) {
            Set<String> exported = module.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
            Set<String> rest = new TreeSet<>(module.packages());
            rest.removeAll(exported);
            if (!rest.isEmpty()) unexported.put(module.name(), rest);
        }
        assertEquals(sorted(INTERNAL), unexported);
    }

    @Test
    void noLibraryOpensItsPackagesForReflection() {
        for (ModuleDescriptor module : libraries()) {
            assertEquals(Set.of(), module.opens(), module.name());
            assertEquals(false, module.isOpen(), module.name());
        }
    }

    private static Set<ModuleDescriptor> libraries() {
        return LibraryModules.descriptors();
    }

    private static Map<String, Set<String>> sorted(Map<String, Set<String>> map) {
        Map<String, Set<String>> result = new TreeMap<>();
        map.forEach((k, v) -> result.put(k, new TreeSet<>(v)));
        return result;
    }
}
