package dev.sluice.compiler.codegen;

import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.maps.MapDefinition;
import java.util.List;

/**
 * Code and the maps it refers to by index (64-bit loads with source MAP_FD carry the index). When
 * the program redirects, the last map holds the targets' ifindexes, by position in
 * {@code redirectTargets}: the loader resolves the names and fills it.
 */
public record CompiledFilter(Code code, List<MapDefinition> maps, List<String> redirectTargets, List<EventFormat> events,
                             List<SourceMark> marks) {
    /** Instruction {@code instruction} (an index into the code) begins what {@code at} wrote. */
    public record SourceMark(int instruction, dev.sluice.dsl.model.SourceLocation at) {}

    public CompiledFilter {
        maps = List.copyOf(maps);
        redirectTargets = List.copyOf(redirectTargets);
        events = List.copyOf(events);
        marks = List.copyOf(marks);
    }

    public CompiledFilter(Code code, List<MapDefinition> maps, List<String> redirectTargets, List<EventFormat> events) {
        this(code, maps, redirectTargets, events, List.of());
    }

    public CompiledFilter(Code code, List<MapDefinition> maps) {
        this(code, maps, List.of(), List.of());
    }

    /** The source of the code around slot {@code slot} (as the verifier numbers instructions): the last mark at or before it. */
    public java.util.Optional<dev.sluice.dsl.model.SourceLocation> sourceOfSlot(int slot) {
        int[] slots = code.slotIndices();
        dev.sluice.dsl.model.SourceLocation found = null;
        for (SourceMark m : marks) {
            if (m.instruction() < slots.length && slots[m.instruction()] <= slot) found = m.at();
        }
        return java.util.Optional.ofNullable(found);
    }

    /** The index of the map of redirect ifindexes (after counters, sets and keyed counters). */
    public int redirectMap() {
        if (redirectTargets.isEmpty()) throw new IllegalStateException("the program redirects nowhere");
        return maps.size() - 1 - (events.isEmpty() ? 0 : 1);
    }

    /** The index of the ring buffer that carries printed events (the last map). */
    public int eventMap() {
        if (events.isEmpty()) throw new IllegalStateException("the program prints nothing");
        return maps.size() - 1;
    }
}
