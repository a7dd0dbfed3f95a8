package dev.sluice.compiler;

import dev.sluice.compiler.check.Diagnostic;
import dev.sluice.compiler.codegen.CompiledFilter;
import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.lower.FilterProgram;
import dev.sluice.dsl.model.Hook;
import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.Verdict;
import java.util.List;
import java.util.Objects;

/**
 * A checked, compiled program: the model it came from, its lowered form, its code and maps, and the
 * names of its plain counters by slot, and the warnings the checker gave. Runs in the JVM with {@link #interpret} or
 * {@link #interpreter}; the runtime loads it into the kernel.
 */
public record CompiledProgram(String name, Program source, FilterProgram lowered, CompiledFilter filter,
                              List<String> counterNames, List<Diagnostic> warnings) {
    public CompiledProgram {
        Objects.requireNonNull(name);
        Objects.requireNonNull(source);
        Objects.requireNonNull(lowered);
        Objects.requireNonNull(filter);
        counterNames = List.copyOf(counterNames);
        warnings = List.copyOf(warnings);
    }

    public Hook hook() {
        return source.hook();
    }

    public Code code() {
        return filter.code();
    }

    /** Instruction slots as the kernel counts them (a 64-bit immediate load is 2). */
    public int slots() {
        return filter.code().slotCount();
    }

    /** The verdict for one frame (an Ethernet frame for packet hooks), with fresh counters. */
    public Verdict interpret(byte[] frame) {
        return interpreter().run(frame);
    }

    /** An in-JVM instance whose counters accumulate over runs. */
    public InterpretedProgram interpreter() {
        return new InterpretedProgram(this);
    }

    /** The index, among {@link CompiledFilter#maps()}, of keyed counter {@code k}: after the plain counters and the sets. */
    public int keyedMap(int k) {
        return 1 + lowered.sets().size() + k;
    }

    /** The slot of a plain counter, by name. */
    public int counterSlot(String counter) {
        int slot = counterNames.indexOf(counter);
        if (slot < 0) throw new IllegalArgumentException("program " + name + " has no counter " + counter + " (it has " + counterNames + ")");
        return slot;
    }
}
