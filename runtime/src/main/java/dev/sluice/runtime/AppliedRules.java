package dev.sluice.runtime;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.maps.MapSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Rules that outlive the command: programs attached through bpf links and pinned, with their maps,
 * under {@code ROOT/NAME} on bpffs (see {@link AppliedLayout}). {@link #apply} makes or replaces
 * them as one transaction, {@link #remove} takes them out of the kernel, and an open instance reads
 * the current generation: its record, its programs with their counters and sets. An open instance
 * holds NAME's lock (no apply interleaves with what it reads or changes) and every descriptor it
 * opened, until closed; closing never detaches anything.
 */
public final class AppliedRules implements AutoCloseable {
    /** Where the command line keeps applied rules. */
    public static final Path ROOT = Path.of("/sys/fs/bpf/sluice");

    private final String name;
    private final Path generation;
    private final AppliedRecord record;
    private final FolderLock lock;
    private final List<AutoCloseable> opened = new ArrayList<>();

    private AppliedRules(String name, Path generation, AppliedRecord record, FolderLock lock) {
        this.name = name;
        this.generation = generation;
        this.record = record;
        this.lock = lock;
    }

    /**
     * Applies {@code request}: builds and verifies every program, then swaps each link in place,
     * then drops what the rules no longer have. A failure to load or attach changes nothing.
     */
    public static void apply(ApplyRequest request) {
        ApplyTransaction.run(request);
    }

    /** The names of the rules applied under {@code root}, sorted. */
    public static List<String> names(Path root) {
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Detaches and unpins the rules {@code name}: nothing of them is left in the kernel or on bpffs,
     * their folder and lock included. False when there was no folder of that name.
     */
    public static boolean remove(Path root, String name) {
        AppliedLayout layout = AppliedLayout.of(root, name);
        if (!Files.isDirectory(layout.folder())) return false;
        try (FolderLock lock = FolderLock.acquire(layout.folder())) {
            AppliedLayout.delete(layout.folder());
            return true;
        }
    }

    /**
     * The current generation of {@code name}, locked; empty when nothing is applied under that name.
     * What a killed apply left is settled first.
     */
    public static Optional<AppliedRules> open(Path root, String name) {
        AppliedLayout layout = AppliedLayout.of(root, name);
        if (!Files.isDirectory(layout.folder())) return Optional.empty();
        FolderLock lock = FolderLock.acquire(layout.folder());
        try {
            AppliedRecovery.settle(layout);
            Optional<Path> folder = layout.currentFolder();
            if (folder.isEmpty()) {
                // A folder without a generation: a first apply killed before its commit, or made by our lock.
                AppliedLayout.delete(layout.folder());
                lock.close();
                return Optional.empty();
            }
            AppliedRecord record = AppliedRecord.read(AppliedLayout.record(folder.get()));
            return Optional.of(new AppliedRules(name, folder.get(), record, lock));
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** The name the rules were applied under. */
    public String name() {
        return name;
    }

    /** What the current generation is: script, programs, maps, links. */
    public AppliedRecord record() {
        return record;
    }

    /**
     * The applied program {@code compiled} names (compiled from {@link AppliedRecord#script()}), over
     * its pinned program and maps: counters, sets and test runs as for a program just loaded. Owned
     * by this instance.
     */
    public LoadedProgram program(CompiledProgram compiled) {
        LoadedProgram loaded = openProgram(compiled);
        opened.add(loaded);
        return loaded;
    }

    /**
     * As {@link #program}, but owned by the caller: it stays readable after this instance is closed
     * and NAME's lock released (so another apply can run while the caller reads it), and even after
     * the generation is unpinned (the kernel keeps a program and its maps while a descriptor holds them).
     */
    public LoadedProgram openProgram(CompiledProgram compiled) {
        Path folder = AppliedLayout.program(generation, compiled.name());
        if (!Files.isDirectory(folder)) throw new IllegalArgumentException("no applied program " + compiled.name() + " in " + name);
        List<String> names = AppliedLayout.mapNames(compiled.image());
        List<BpfMap> maps = new ArrayList<>();
        try {
            for (int i = 0; i < names.size(); i++) {
                MapSpec spec = compiled.image().maps().list().get(i).definition().spec();
                maps.add(BpfMap.openPinned(AppliedLayout.map(folder, names.get(i)), spec));
            }
            BpfProgram program = BpfProgram.openPinned(AppliedLayout.programPin(folder), compiled.name(),
                    Kernel.programType(compiled.hook()));
            return new LoadedProgram(compiled, LoadedFilter.of(compiled.image(), MapGroup.of(maps), program));
        } catch (RuntimeException e) {
            maps.forEach(BpfMap::close);
            throw e;
        }
    }

    /** What the kernel says of applied program {@code program}: its id, run statistics and so on. */
    public ProgramInfo info(String program) {
        Path pin = AppliedLayout.programPin(AppliedLayout.program(generation, program));
        // info() reads the kernel's own record of the program; the type given to openPinned plays no part.
        try (BpfProgram p = BpfProgram.openPinned(pin, program, ProgramType.XDP)) {
            return p.info();
        }
    }

    @Override
    public void close() {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception ignored) {
                // Each descriptor is closed even when one fails.
            }
        }
        opened.clear();
        lock.close();
    }
}
