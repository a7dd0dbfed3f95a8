package dev.sluice.runtime;

import dev.sluice.compiler.image.MapRole;
import dev.sluice.compiler.image.ProgramImage;
import dev.sluice.compiler.image.RoleAt;

/**
 * A program image in the kernel: its maps created and filled, its map references bound, the
 * program loaded. Counter {@code i} is slot {@code i} of the image's counters map, summed over CPUs.
 */
public final class LoadedFilter implements AutoCloseable {
    private final ProgramImage image;
    private final MapGroup maps;
    private final BpfProgram program;

    private LoadedFilter(ProgramImage image, MapGroup maps, BpfProgram program) {
        this.image = image;
        this.maps = maps;
        this.program = program;
    }

    /**
     * Loads a program image; redirect targets are resolved by name in the calling thread's network
     * namespace.
     */
    public static LoadedFilter load(String name, ProgramType type, ProgramImage image) {
        return load(name, type, image, Interfaces::index);
    }

    /**
     * Loads with redirect targets resolved by {@code ifindexOf} (for instance inside the network
     * namespace the program will be attached in).
     */
    public static LoadedFilter load(String name, ProgramType type, ProgramImage image,
                                    java.util.function.ToIntFunction<String> ifindexOf) {
        return load(name, type, image, ifindexOf, MapGroup.create(image.maps().definitions()));
    }

    /**
     * Loads with maps made by the caller ({@code maps}, in the image's order: some of them carried
     * over from rules applied before); the group is closed if loading fails.
     */
    static LoadedFilter load(String name, ProgramType type, ProgramImage image,
                             java.util.function.ToIntFunction<String> ifindexOf, MapGroup maps) {
        try {
            java.util.Optional<RoleAt<MapRole.Redirects>> redirects = image.maps().redirects();
            if (redirects.isPresent()) {
                java.util.List<String> targets = redirects.get().role().targets();
                for (int i = 0; i < targets.size(); i++) {
                    int ifindex = ifindexOf.applyAsInt(targets.get(i));
                    maps.get(redirects.get().index()).update(Codec.U32.encode(i), Codec.U32.encode(ifindex));
                }
            }
            BpfProgram program = BpfProgram.load(LoadRequest.of(name, type, MapBinding.bind(image.code(), maps.maps())));
            return new LoadedFilter(image, maps, program);
        } catch (RuntimeException e) {
            maps.close();
            throw e;
        }
    }

    /** A filter over a program and maps reopened from pins (applied rules), in the image's map order. */
    static LoadedFilter of(ProgramImage image, MapGroup maps, BpfProgram program) {
        return new LoadedFilter(image, maps, program);
    }

    /** The loaded program, for attaching and test runs. */
    public BpfProgram program() {
        return program;
    }

    /** The image it was loaded from: which map is which. */
    public ProgramImage image() {
        return image;
    }

    /** Its maps, in the image's order (find one by its role in {@link #image()}). */
    public MapGroup maps() {
        return maps;
    }

    /** Plain counter {@code index}, summed over CPUs. */
    public long counter(int index) {
        return maps.get(image.maps().counters().index()).sumU64(Codec.U32.encode(index));
    }

    @Override
    public void close() {
        program.close();
        maps.close();
    }
}
