package dev.sluice.compiler.codegen;

import dev.sluice.compiler.check.CompileException;
import dev.sluice.compiler.lower.FilterProgram;
import dev.sluice.dsl.model.Diagnostic;
import dev.sluice.dsl.model.Program;
import java.util.List;

/**
 * The parsed packet's values live in a fixed stack area ({@link ParsedFields}): a program that reads
 * more packet fields than it holds is the user's error, reported on the program's line before code
 * generation.
 */
public final class FieldSlotLimit {
    private FieldSlotLimit() {}

    /** Returns normally when the fields {@code lowered} reads fit; else a compile error naming the program. */
    public static void require(String name, Program program, FilterProgram lowered) {
        int slots = ParsedFields.valueSlots(UsedFields.of(lowered));
        int holds = ParsedFields.valueSlots(lowered.access());
        if (slots <= holds) return;
        throw new CompileException(List.of(Diagnostic.error(program.location(), String.format(
                "program %s reads %d slots of packet field values (an IPv6 address takes two), over the %d a program holds;"
                        + " split its rules over programs", name, slots, holds))));
    }
}
