package dev.sluice.compiler;

import dev.sluice.dsl.model.Diagnostic;
import dev.sluice.compiler.codegen.CompiledFilter;
import dev.sluice.compiler.elf.ObjectProgram;
import dev.sluice.compiler.hooks.Target;
import dev.sluice.compiler.maps.MapDefinition;
import dev.sluice.dsl.model.SourceLocation;
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
                              List<String> counterNames, List<Diagnostic> warnings) implements ObjectProgram {
    /** Rejects missing parts; copies the lists. */
    public CompiledProgram {
        Objects.requireNonNull(name);
        Objects.requireNonNull(source);
        Objects.requireNonNull(lowered);
        Objects.requireNonNull(filter);
        counterNames = List.copyOf(counterNames);
        warnings = List.copyOf(warnings);
    }

    /** The hook of the source program, which decides the kernel program type and how it is attached. */
    public Hook hook() {
        return source.hook();
    }

    @Override
    public String section() {
        return Target.section(hook());
    }

    @Override
    public String hookKind() {
        return hook().kind();
    }

    @Override
    public SourceLocation location() {
        return source.location();
    }

    @Override
    public List<MapDefinition> maps() {
        return filter.maps();
    }

    @Override
    public List<CompiledFilter.SourceMark> marks() {
        return filter.marks();
    }

    /**
     * The eBPF instructions, with maps referred to by their index in {@link CompiledFilter#maps()} until the
     * runtime binds them to file descriptors.
     */
    @Override
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

    /** Where a back end (interpreter or kernel) reads counters from. */
    public interface CounterSource {
        /** Plain counter {@code slot}, summed over CPUs. */
        long plain(int slot);

        /** The keys and values (summed over CPUs) of the map at {@code mapIndex}. */
        List<java.util.Map.Entry<byte[], Long>> keyed(int mapIndex);
    }

    /**
     * Every counter: plain ones (even at 0), then one reading per key seen, in
     * {@link CounterValue#ORDER}. An array-backed aggregate has every index; the ones still at 0
     * are not keys seen.
     */
    public List<CounterValue> counterValues(CounterSource source) {
        List<CounterValue> out = new java.util.ArrayList<>();
        for (int slot = 0; slot < counterNames.size(); slot++) {
            out.add(new CounterValue(counterNames.get(slot), java.util.Optional.empty(), source.plain(slot)));
        }
        List<FilterProgram.KeyedCounter> keyed = lowered.keyedCounters();
        for (int k = 0; k < keyed.size(); k++) {
            FilterProgram.KeyedCounter counter = keyed.get(k);
            for (java.util.Map.Entry<byte[], Long> e : source.keyed(keyedMap(k))) {
                if (counter.arrayBacked() && e.getValue() == 0) continue;
                out.add(new CounterValue(counter.name(), java.util.Optional.of(CounterKeys.decode(counter, e.getKey())), e.getValue()));
            }
        }
        out.sort(CounterValue.ORDER);
        return out;
    }

    /** The slot of a plain counter, by name. */
    public int counterSlot(String counter) {
        int slot = counterNames.indexOf(counter);
        if (slot < 0) throw new IllegalArgumentException("program " + name + " has no counter " + counter + " (it has " + counterNames + ")");
        return slot;
    }
}
