package dev.sluice.compiler.codegen;

import dev.sluice.compiler.check.CompileException;
import dev.sluice.compiler.lower.FilterProgram;
import dev.sluice.dsl.model.Diagnostic;
import dev.sluice.dsl.model.Program;
import java.util.List;

/**
 * The parsed packet's values and the aggregates' keys live in fixed stack areas ({@link ParsedFields}):
 * a program that reads more packet fields than they hold, or keys an aggregate by more bytes, is the
 * user's error, reported on the program's line before code generation.
 */
public final class FieldSlotLimit {
    private FieldSlotLimit() {}

    /** Returns normally when the fields {@code lowered} reads fit; else a compile error naming the program. */
    public static void require(String name, Program program, FilterProgram lowered) {
        int slots = ParsedFields.valueSlots(UsedFields.of(lowered));
        int holds = ParsedFields.valueSlots(lowered.access());
        if (slots > holds) {
            throw new CompileException(List.of(Diagnostic.error(program.location(), String.format(
                    "program %s reads %d slots of packet field values (an IPv6 address takes two), over the %d a program holds;"
                            + " split its rules over programs", name, slots, holds))));
        }
        for (FilterProgram.KeyedCounter k : lowered.keyedCounters()) {
            if (k.keySize() <= ParsedFields.SCRATCH_BYTES) continue;
            throw new CompileException(List.of(Diagnostic.error(program.location(), String.format(
                    "%s in program %s is keyed by %d bytes (8 per value, 16 per IPv6 address), over the %d a key can take on the stack;"
                            + " key it by fewer fields", k.name(), name, k.keySize(), ParsedFields.SCRATCH_BYTES))));
        }
    }
}
