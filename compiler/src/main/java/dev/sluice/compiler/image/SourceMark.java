package dev.sluice.compiler.image;

import dev.sluice.compiler.isa.Code;
import dev.sluice.dsl.model.SourceLocation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Instruction {@code instruction} (an index into the code) begins what {@code at} wrote. */
public record SourceMark(int instruction, SourceLocation at) {
    /** Requires a location. */
    public SourceMark {
        Objects.requireNonNull(at);
    }

    /** The source of {@code code} around slot {@code slot} (as the verifier numbers instructions): the last mark at or before it. */
    public static Optional<SourceLocation> sourceOfSlot(Code code, List<SourceMark> marks, int slot) {
        int[] slots = code.slotIndices();
        SourceLocation found = null;
        for (SourceMark m : marks) {
            if (m.instruction() < slots.length && slots[m.instruction()] <= slot) found = m.at();
        }
        return Optional.ofNullable(found);
    }
}
