package dev.sluice.compiler.lower;

import dev.sluice.compiler.codegen.PacketParser;
import java.util.List;
import java.util.Objects;

/**
 * A packet program after lowering: where the packet is read from, the statements, the code
 * returned when they end without a verdict, how many plain counters it keeps (slots of one
 * per-CPU array, map #0), and the sets it tests membership in (maps #1 onward).
 */
public record FilterProgram(PacketParser.Access access, List<Statement> body, int defaultVerdict, int counters,
                            List<ValueSet> sets) {
    public FilterProgram {
        Objects.requireNonNull(access);
        body = List.copyOf(body);
        sets = List.copyOf(sets);
    }

    public FilterProgram(PacketParser.Access access, List<Statement> body, int defaultVerdict, int counters) {
        this(access, body, defaultVerdict, counters, List.of());
    }
}
