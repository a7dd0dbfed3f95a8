package dev.sluice.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * Where the applied rules NAME live on bpffs, and the one atomic step of a transaction.
 * <pre>
 * ROOT/NAME/             the folder apply locks (mode 0700)
 *   current -> gen_N     symlink, switched by rename(2): the commit point of an apply
 *   gen_N/record         the generation's {@link AppliedRecord} (a frozen map)
 *   gen_N/p_PROGRAM/prog the program; map_MAP its maps; link_KEY its links
 * </pre>
 * A folder {@code gen_M} that {@code current} does not name is an apply that never committed (or a
 * generation already replaced): recovery removes it, and with its pins whatever only it held.
 */
public record AppliedLayout(Path folder) {
    static final String CURRENT = "current";
    private static final String NEXT = "next";
    private static final String GENERATION = "gen_";

    /** The folder of {@code name} under {@code root} (a bpffs path such as /sys/fs/bpf/sluice). */
    public static AppliedLayout of(Path root, String name) {
        if (name.isEmpty() || !PinName.encode(name).equals(name)) {
            throw new IllegalArgumentException("applied rules' names take letters, digits, _ and -, not " + name);
        }
        return new AppliedLayout(root.resolve(name));
    }

    /** The generation {@code current} names, if one was ever committed. */
    public OptionalInt current() {
        Path link = folder.resolve(CURRENT);
        if (!Files.isSymbolicLink(link)) return OptionalInt.empty();
        try {
            return number(Files.readSymbolicLink(link).toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + link + ": " + e.getMessage(), e);
        }
    }

    /** Every generation folder present, committed or not. */
    List<Integer> generations() {
        List<Integer> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) return out;
        try (Stream<Path> entries = Files.list(folder)) {
            entries.forEach(p -> number(p.getFileName().toString()).ifPresent(out::add));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    private static OptionalInt number(String name) {
        if (!name.startsWith(GENERATION)) return OptionalInt.empty();
        try {
            return OptionalInt.of(Integer.parseInt(name.substring(GENERATION.length())));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    Path generation(int n) {
        return folder.resolve(GENERATION + n);
    }

    static Path record(Path generation) {
        return generation.resolve("record");
    }

    static Path program(Path generation, String program) {
        return generation.resolve("p_" + PinName.encode(program));
    }

    static Path programPin(Path programFolder) {
        return programFolder.resolve("prog");
    }

    static Path map(Path programFolder, String map) {
        return programFolder.resolve("map_" + PinName.encode(map));
    }

    static Path link(Path programFolder, String key) {
        return programFolder.resolve("link_" + PinName.encode(key));
    }

    /** The pin names of an image's maps, in its order: the map's name, made unique by its index when repeated. */
    static List<String> mapNames(dev.sluice.compiler.image.ProgramImage image) {
        List<String> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<dev.sluice.compiler.image.ImageMap> maps = image.maps().list();
        for (int i = 0; i < maps.size(); i++) {
            String name = maps.get(i).definition().spec().name();
            out.add(seen.add(name) ? name : name + "_" + i);
        }
        return out;
    }

    /** Makes generation {@code n}'s folder (mode 0700); it must not exist. */
    Path createGeneration(int n) {
        Path dir = generation(n);
        createFolder(dir);
        return dir;
    }

    static void createFolder(Path dir) {
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Points {@code current} at generation {@code n} in one rename(2): before it the old rules hold, after it the new. */
    void commit(int n) {
        Path next = folder.resolve(NEXT);
        try {
            Files.deleteIfExists(next);
            Files.createSymbolicLink(next, Path.of(GENERATION + n));
            Files.move(next, folder.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot switch " + folder + " to generation " + n + ": " + e.getMessage(), e);
        }
    }

    /** Unpins everything under {@code path} and removes it; what only those pins held leaves the kernel. */
    static void delete(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + path + ": " + e.getMessage(), e);
        }
    }

    /** Removes the {@code next} symlink a killed commit may have left. */
    void deleteStaleNext() {
        delete(folder.resolve(NEXT));
    }

    /** The names of the programs in generation folder {@code generation}. */
    static List<String> programs(Path generation) {
        try (Stream<Path> entries = Files.list(generation)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("p_"))
                    .map(n -> PinName.decode(n.substring(2))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + generation + ": " + e.getMessage(), e);
        }
    }

    /** The link pins in a program's folder. */
    static List<Path> linkPins(Path programFolder) {
        try (Stream<Path> entries = Files.list(programFolder)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("link_")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + programFolder + ": " + e.getMessage(), e);
        }
    }

    /** The current generation's folder, if any. */
    Optional<Path> currentFolder() {
        OptionalInt n = current();
        return n.isPresent() ? Optional.of(generation(n.getAsInt())) : Optional.empty();
    }
}
