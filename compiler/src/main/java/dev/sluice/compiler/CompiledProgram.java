package dev.sluice.compiler;

import dev.sluice.dsl.model.Diagnostic;
import dev.sluice.compiler.elf.ObjectProgram;
import dev.sluice.compiler.hooks.Target;
import dev.sluice.compiler.image.MapRole;
import dev.sluice.compiler.image.ProgramImage;
import dev.sluice.compiler.image.RoleAt;
import dev.sluice.compiler.image.SourceMark;
import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.maps.MapDefinition;
import dev.sluice.dsl.model.Hook;
import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.SourceLocation;
import dev.sluice.dsl.model.Verdict;
import java.util.List;
import java.util.Objects;

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

    /**
     * Whether the program took the LD_ABS form (docs/COMPILER-PCAP.md, "The LD_ABS form"): its program type
     * allows the kernel's legacy packet loads and it never reads the packet's start from its context,
     * which the direct-access code does first. Tests and comparisons ask it to tell the two codes apart.
     */
    public boolean ldAbsForm() {
        Target target = Target.of(hook());
        int data = target.access().data();
        return target.programKind().allowsLegacyPacketLoads() && data >= 0
                && code().instructions().stream().noneMatch(i -> i instanceof Instruction.Load l && l.offset() == data);
    }

    /** The verdict for one frame (an Ethernet frame for packet hooks), with fresh counters. */
    public Verdict interpret(byte[] frame) {
        return interpreter().run(frame);
    }

    /** An in-JVM instance whose counters accumulate over runs. */
    public InterpretedProgram interpreter() {
        return new InterpretedProgram(name, hook(), image);
    }

    /** Every counter, as {@link ImageLookups#counterValues} reads them from {@code source}. */
    public List<CounterValue> counterValues(CounterSource source) {
        return ImageLookups.counterValues(image, source);
    }

    /** The slot of a plain counter, by name. */
    public int counterSlot(String counter) {
        return ImageLookups.counterSlot(name, image, counter);
    }

    /**
     * The maps of named set {@code set} (one per field the rules test it on), with their roles; a set
     * the program does not test in a map is an {@link IllegalArgumentException}.
     */
    public List<RoleAt<MapRole.Set>> namedSet(String set) {
        return ImageLookups.namedSet(name, image, set);
    }
}
