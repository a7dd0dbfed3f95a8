package dev.sluice.tests.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.dsl.model.Program;
import dev.sluice.grammar.Scripts;
import dev.sluice.runtime.BpfProgram;
import dev.sluice.testing.FrameBuilder;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The API boundary of the library modules (docs/ARCHITECTURE.md, "Modules"): read from each jar's
 * module-info, the packages exported to everyone are exactly the public API, and an internal package
 * is exported only by name to the Sluice modules that read it. A package exported by mistake, or an
 * internal one opened to an outside module, fails here.
 */
class ModuleBoundaryTest {
    private static final Map<String, Set<String>> PUBLIC_API = Map.of(
            "dev.sluice.dsl", Set.of("dev.sluice.dsl", "dev.sluice.dsl.model"),
            "dev.sluice.grammar", Set.of("dev.sluice.grammar"),
            "dev.sluice.compiler", Set.of("dev.sluice.compiler", "dev.sluice.compiler.isa", "dev.sluice.compiler.image"),
            // sys.libc is no API: jnr-ffi's generated binding lives in an unnamed module, which only
            // an unqualified export reaches (runtime's module-info says why).
            "dev.sluice.runtime", Set.of("dev.sluice.runtime", "dev.sluice.runtime.sys.libc"),
            "dev.sluice.testing", Set.of("dev.sluice.testing"));

    private static final Map<String, Set<String>> INTERNAL_TO = Map.of(
            "dev.sluice.compiler", Set.of(
                    "dev.sluice.compiler.elf -> [dev.sluice.cli, dev.sluice.runtime]",
                    "dev.sluice.compiler.hooks -> [dev.sluice.cli, dev.sluice.runtime]",
                    "dev.sluice.compiler.maps -> [dev.sluice.cli, dev.sluice.runtime]",
                    "dev.sluice.compiler.check -> [dev.sluice.cli, dev.sluice.testing]",
                    "dev.sluice.compiler.trace -> [dev.sluice.cli]"),
            "dev.sluice.runtime", Set.of("dev.sluice.runtime.probe -> [dev.sluice.cli]"));

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
    void internalPackagesAreExportedOnlyToTheModulesThatReadThem() {
        Map<String, Set<String>> found = new TreeMap<>();
        for (ModuleDescriptor module : libraries()) {
            Set<String> qualified = module.exports().stream()
                    .filter(ModuleDescriptor.Exports::isQualified)
                    .map(e -> e.source() + " -> " + new TreeSet<>(e.targets()))
                    .collect(Collectors.toCollection(TreeSet::new));
            if (!qualified.isEmpty()) found.put(module.name(), qualified);
        }
        assertEquals(sorted(INTERNAL_TO), found);
    }

    @Test
    void noLibraryOpensItsPackagesForReflection() {
        for (ModuleDescriptor module : libraries()) {
            assertEquals(Set.of(), module.opens(), module.name());
            assertEquals(false, module.isOpen(), module.name());
        }
    }

    /** The descriptors in the library jars (or target/classes) this test runs against. */
    private static Set<ModuleDescriptor> libraries() {
        Set<ModuleDescriptor> modules = new java.util.HashSet<>();
        for (Class<?> member : new Class<?>[] {Program.class, Scripts.class, SluiceCompiler.class, BpfProgram.class, FrameBuilder.class}) {
            ModuleFinder finder = ModuleFinder.of(locationOf(member));
            Set<ModuleDescriptor> inJar = finder.findAll().stream().map(r -> r.descriptor()).collect(Collectors.toSet());
            assertEquals(1, inJar.size(), member + " lies outside an explicit module");
            ModuleDescriptor descriptor = inJar.iterator().next();
            assertEquals(false, descriptor.isAutomatic(), descriptor.name() + " has no module-info");
            modules.add(descriptor);
        }
        return modules;
    }

    private static Path locationOf(Class<?> member) {
        try {
            return Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Set<String>> sorted(Map<String, Set<String>> map) {
        Map<String, Set<String>> result = new TreeMap<>();
        map.forEach((k, v) -> result.put(k, new TreeSet<>(v)));
        return result;
    }
}
