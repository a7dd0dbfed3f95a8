package dev.sluice.compiler.image;

import dev.sluice.compiler.isa.Code;
import dev.sluice.dsl.model.SourceLocation;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a loader needs of a compiled program, and all it needs: the code (64-bit loads with source
 * MAP_FD carry a map's index), the maps tagged by role, the plain counters' names by slot, and
 * which instructions begin which statements.
 */
public record ProgramImage(Code code, ImageMaps maps, List<String> counterNames, List<SourceMark> marks) {
    /** Requires the code and maps; copies the names and marks. */
    public ProgramImage {
        Objects.requireNonNull(code);
        Objects.requireNonNull(maps);
        counterNames = List.copyOf(counterNames);
        marks = List.copyOf(marks);
    }

    /** Instruction slots as the kernel counts them (a 64-bit immediate load is 2). */
    public int slots() {
        return code.slotCount();
    }

    /** The interfaces the program redirects to, by position (empty when it redirects nowhere). */
    public List<String> redirectTargets() {
        return maps.redirects().map(r -> r.role().targets()).orElse(List.of());
    }

    /** The print formats, by index (empty when the program prints nothing). */
    public List<EventFormat> eventFormats() {
        return maps.events().map(e -> e.role().formats()).orElse(List.of());
    }

    /** One printed event as its line: the record's first 8 bytes say which {@code print} made it. */
    public String formatEvent(byte[] record) {
        List<EventFormat> events = eventFormats();
        long index = record.length < 8 ? -1 : ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        if (index < 0 || index >= events.size()) return "(an event of unknown format " + index + ", " + record.length + " bytes)";
        return events.get((int) index).format(record);
    }

    /** The source of the code around slot {@code slot} (as the verifier numbers instructions): the last mark at or before it. */
    public Optional<SourceLocation> sourceOfSlot(int slot) {
        return SourceMark.sourceOfSlot(code, marks, slot);
    }
}
