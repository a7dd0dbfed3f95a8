package dev.sluice.compiler.lower;

import dev.sluice.compiler.codegen.PacketParser;
import java.util.List;
import java.util.Objects;

/**
 * A packet program after lowering: where the packet is read from, the statements, the code
 * returned when they end without a verdict, and how many plain counters it keeps (slots of one
 * per-CPU array, map #0).
 */
public record FilterProgram(PacketParser.Access access, List<Statement> body, int defaultVerdict, int counters) {
    public FilterProgram {
        Objects.requireNonNull(access);
        body = List.copyOf(body);
    }
}
