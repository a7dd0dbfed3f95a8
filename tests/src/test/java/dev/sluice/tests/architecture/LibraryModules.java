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
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The module descriptors of the library jars (or target/classes) on this module's class path. The
 * tests run on the class path, where every package is readable, so the boundary is read from the
 * descriptors, not from {@link Module}.
 */
final class LibraryModules {
    private LibraryModules() {}

    /** One descriptor per library module; fails when a library has no explicit module-info. */
    static Set<ModuleDescriptor> descriptors() {
        Set<ModuleDescriptor> modules = new HashSet<>();
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

    /** The packages some library exports to every module. */
    static Set<String> exportedToEveryone() {
        return descriptors().stream().flatMap(d -> d.exports().stream())
                .filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every package of every library. */
    static Set<String> packages() {
        return descriptors().stream().flatMap(d -> d.packages().stream()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Path locationOf(Class<?> member) {
        try {
            return Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
