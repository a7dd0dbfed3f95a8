package dev.sluice.runtime;

import dev.sluice.compiler.codegen.CompiledFilter;

/**
 * A compiled packet program in the kernel: its maps created and filled, its map references bound,
 * the program loaded. Counter {@code i} is slot {@code i} of map #0, summed over CPUs.
 */
public final class LoadedFilter implements AutoCloseable {
    private final MapGroup maps;
    private final BpfProgram program;

    private LoadedFilter(MapGroup maps, BpfProgram program) {
        this.maps = maps;
        this.program = program;
    }

    /**
     * Loads a compiled filter; redirect targets are resolved by name in the calling thread's network
     * namespace.
     */
    public static LoadedFilter load(String name, ProgramType type, CompiledFilter compiled) {
        return load(name, type, compiled, Interfaces::index);
    }

    /**
     * Loads with redirect targets resolved by {@code ifindexOf} (for instance inside the network
     * namespace the program will be attached in).
     */
    public static LoadedFilter load(String name, ProgramType type, CompiledFilter compiled,
                                    java.util.function.ToIntFunction<String> ifindexOf) {
        MapGroup maps = MapGroup.create(compiled.maps());
        try {
            for (int i = 0; i < compiled.redirectTargets().size(); i++) {
                int ifindex = ifindexOf.applyAsInt(compiled.redirectTargets().get(i));
                maps.get(compiled.redirectMap()).update(Codec.U32.encode(i), Codec.U32.encode(ifindex));
            }
            BpfProgram program = BpfProgram.load(LoadRequest.of(name, type, MapBinding.bind(compiled.code(), maps.maps())));
            return new LoadedFilter(maps, program);
        } catch (RuntimeException e) {
            maps.close();
            throw e;
        }
    }

    /** The loaded program, for attaching and test runs. */
    public BpfProgram program() {
        return program;
    }

    /** Its maps, in the compiled filter's order (map #0 holds the plain counters). */
    public MapGroup maps() {
        return maps;
    }

    /** Plain counter {@code index}, summed over CPUs. */
    public long counter(int index) {
        return maps.get(0).sumU64(Codec.U32.encode(index));
    }

    @Override
    public void close() {
        program.close();
        maps.close();
    }
}
