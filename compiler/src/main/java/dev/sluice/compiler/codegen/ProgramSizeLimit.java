package dev.sluice.compiler.codegen;

import dev.sluice.compiler.check.CompileException;
import dev.sluice.dsl.model.Diagnostic;
import dev.sluice.dsl.model.Program;
import java.util.List;

/**
 * The kernel refuses to load a program of more than 1,000,000 instruction slots (E2BIG; the limit
 * for root or CAP_BPF, BPF_COMPLEXITY_LIMIT_INSNS, which also caps the verifier's processed
 * instructions). Such a program is the user's error, reported on the program's line right after
 * code generation: before the verifier model, the object writer or the kernel spend time on code
 * that cannot load.
 */
public final class ProgramSizeLimit {
    /** The largest program, in 8-byte slots, that the kernel loads. */
    public static final int MAX_SLOTS = 1_000_000;

    private ProgramSizeLimit() {}

    /** Returns normally when {@code compiled} fits; else a compile error naming the program and its size. */
    public static void require(String name, Program program, CompiledFilter compiled) {
        int slots = compiled.code().slotCount();
        if (slots <= MAX_SLOTS) return;
        throw new CompileException(List.of(Diagnostic.error(program.location(), String.format(
                "program %s compiles to %,d instructions, over the kernel's limit of %,d per program;"
                        + " split its rules over programs or put the values in a named set", name, slots, MAX_SLOTS))));
    }
}
