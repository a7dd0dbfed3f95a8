package dev.sluice.compiler;

import dev.sluice.dsl.model.Diagnostic;
import dev.sluice.compiler.elf.ObjectProgram;
import dev.sluice.compiler.hooks.Target;
import dev.sluice.compiler.image.MapRole;
import dev.sluice.compiler.image.ProgramImage;
import dev.sluice.compiler.image.RoleAt;
import dev.sluice.compiler.image.SourceMark;
import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.maps.MapDefinition;
import dev.sluice.dsl.model.Hook;
import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.SourceLocation;
import dev.sluice.dsl.model.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A checked, compiled program: its name, the model it came from, its loadable {@link ProgramImage}
 * (code, maps tagged by role, counter names, event formats) and the warnings the checker gave. Runs
 * in the JVM with {@link #interpret} or {@link #interpreter}; the runtime loads its image into the kernel.
 */
public record CompiledProgram(String name, Program source, ProgramImage image, List<Diagnostic> warnings)
        implements ObjectProgram {
    /** Rejects missing parts; copies the list. */
    public CompiledProgram {
        Objects.requireNonNull(name);
        Objects.requireNonNull(source);
        Objects.requireNonNull(image);
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

    /** The maps' definitions, by the index the code refers to them with. */
    @Override
    public List<MapDefinition> maps() {
        return image.maps().definitions();
    }

    @Override
    public List<SourceMark> marks() {
        return image.marks();
    }

    /** The eBPF instructions, with maps referred to by their index in {@link #maps()} until a loader binds them. */
    @Override
    public Code code() {
        return image.code();
    }

    /** The plain counters' names, by slot. */
    public List<String> counterNames() {
        return image.counterNames();
    }

    /** Instruction slots as the kernel counts them (a 64-bit immediate load is 2). */
    public int slots() {
        return image.slots();
    }

    /** The verdict for one frame (an Ethernet frame for packet hooks), with fresh counters. */
    public Verdict interpret(byte[] frame) {
        return interpreter().run(frame);
    }

    /** An in-JVM instance whose counters accumulate over runs. */
    public InterpretedProgram interpreter() {
        return new InterpretedProgram(this);
    }

    /** Where a back end (interpreter or kernel) reads counters from. */
    public interface CounterSource {
        /** Plain counter {@code slot}, summed over CPUs. */
        long plain(int slot);

        /** The keys and values (summed over CPUs) of the map at {@code mapIndex}. */
        List<Map.Entry<byte[], Long>> keyed(int mapIndex);
    }

    /**
     * Every counter: plain ones (even at 0), then one reading per key seen, in
     * {@link CounterValue#ORDER}. An array-backed aggregate has every index; the ones still at 0
     * are not keys seen.
     */
    public List<CounterValue> counterValues(CounterSource source) {
        List<CounterValue> out = new ArrayList<>();
        List<String> names = counterNames();
        for (int slot = 0; slot < names.size(); slot++) {
            out.add(new CounterValue(names.get(slot), Optional.empty(), source.plain(slot)));
        }
        for (RoleAt<MapRole.Aggregate> at : image.maps().aggregates()) {
            MapRole.Aggregate counter = at.role();
            for (Map.Entry<byte[], Long> e : source.keyed(at.index())) {
                if (counter.arrayBacked() && e.getValue() == 0) continue;
                out.add(new CounterValue(counter.name(), Optional.of(CounterKeys.decode(counter, e.getKey())), e.getValue()));
            }
        }
        out.sort(CounterValue.ORDER);
        return out;
    }

    /** The slot of a plain counter, by name. */
    public int counterSlot(String counter) {
        int slot = counterNames().indexOf(counter);
        if (slot < 0) throw new IllegalArgumentException("program " + name + " has no counter " + counter + " (it has " + counterNames() + ")");
        return slot;
    }

    /**
     * The maps of named set {@code set} (one per field the rules test it on), with their roles; a set
     * the program does not test in a map is an {@link IllegalArgumentException}.
     */
    public List<RoleAt<MapRole.Set>> namedSet(String set) {
        List<RoleAt<MapRole.Set>> maps = image.maps().sets().stream().filter(s -> s.role().origin().equals(set)).toList();
        if (maps.isEmpty()) {
            throw new IllegalArgumentException(name + " tests no named set " + set
                    + " (named sets that are tested become maps; inline sets are compiled into the code)");
        }
        return maps;
    }
}
