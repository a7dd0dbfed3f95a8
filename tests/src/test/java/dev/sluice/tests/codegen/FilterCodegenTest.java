package dev.sluice.tests.codegen;

import dev.sluice.compiler.testing.LoweredFilters;
import dev.sluice.testing.KernelTests;
import dev.sluice.compiler.image.ProgramImage;
import dev.sluice.compiler.hooks.ContextAccess;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.interp.InterpMaps;
import dev.sluice.runtime.MapGroup;
import dev.sluice.compiler.codegen.PacketParser;
import dev.sluice.compiler.interp.ArrayTable;
import dev.sluice.compiler.interp.Context;
import dev.sluice.compiler.interp.InterpMap;
import dev.sluice.compiler.interp.Interpreter;
import dev.sluice.compiler.hooks.ProgramKind;
import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.isa.Disassembler;
import dev.sluice.compiler.lower.FilterProgram;
import dev.sluice.compiler.maps.MapSpec;
import dev.sluice.compiler.maps.MapType;
import dev.sluice.runtime.BpfMap;
import dev.sluice.runtime.BpfProgram;
import dev.sluice.runtime.Codec;
import dev.sluice.runtime.LoadRequest;
import dev.sluice.runtime.MapBinding;
import dev.sluice.runtime.ProgramType;
import dev.sluice.runtime.VerifierException;
import dev.sluice.tests.reference.RandomPackets;
import dev.sluice.tests.reference.ReferenceParser;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Generated filter code against a plain-Java evaluation of the same lowered program: verdicts
 * and counters agree on random frames, in the interpreter (1,000 programs x 50 frames) and in the
 * kernel as XDP and tc (200 programs x 20 frames), and the verifier accepts every program.
 */
class FilterCodegenTest {
    static final MapSpec COUNTERS = new MapSpec("counters", MapType.PERCPU_ARRAY, 4, 8, RandomFilters.COUNTERS, 0);
    static final AtomicLong KERNEL_RUNS = new AtomicLong();
    static final AtomicLong INTERPRETER_RUNS = new AtomicLong();
    static final AtomicLong WITH_SETS = new AtomicLong();
    static final AtomicLong KEYED = new AtomicLong();

    @AfterContainer
    static void report() {
        System.out.println("filter codegen: " + INTERPRETER_RUNS.get() + " interpreter and " + KERNEL_RUNS.get()
                + " kernel runs agreed with the reference; " + WITH_SETS.get() + " interpreter programs used map-backed sets, " + KEYED.get() + " keyed counters matched with entries");
    }

    @Provide
    Arbitrary<FilterProgram> xdpPrograms() {
        return RandomFilters.programs(ContextAccess.XDP);
    }

    @Provide
    Arbitrary<FilterProgram> tcPrograms() {
        return RandomFilters.programs(ContextAccess.SKB);
    }

    @Provide
    Arbitrary<FilterProgram> cgroupPrograms() {
        return RandomFilters.programs(ContextAccess.SKB_NETWORK);
    }

    @Provide
    Arbitrary<List<byte[]>> frames50() {
        return RandomPackets.frameBatches(50);
    }

    @Provide
    Arbitrary<List<byte[]>> frames20() {
        return RandomPackets.kernelFrameBatches(20);
    }

    @Property(tries = 1000)
    void interpreterAgrees(@ForAll("xdpPrograms") FilterProgram program, @ForAll("frames50") List<byte[]> frames) {
        ProgramImage compiled = LoweredFilters.image(program);
        Code code = compiled.code();
        List<InterpMap> maps = InterpMaps.create(compiled.maps().definitions());
        InterpMap counters = maps.get(compiled.maps().counters().index());
        Interpreter interpreter = new Interpreter(code, maps);
        long[] expected = new long[RandomFilters.COUNTERS];
        List<java.util.Map<String, Long>> keyed = new java.util.ArrayList<>();
        for (byte[] frame : frames) {
            int verdict = FilterReference.run(program, ReferenceParser.parseFrame(frame), expected, keyed);
            assertEquals(verdict, interpreter.run(Context.Xdp.of(frame)).retval(),
                    () -> "frame " + HexFormat.of().formatHex(frame) + "\n" + Disassembler.listing(code));
            INTERPRETER_RUNS.incrementAndGet();
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], Codec.U64.decode(((ArrayTable) counters).value(i)), "counter " + i);
        }
        if (!program.sets().isEmpty()) WITH_SETS.incrementAndGet();
        for (int k = 0; k < program.keyedCounters().size(); k++) {
            java.util.Map<String, Long> actual = new java.util.TreeMap<>();
            var table = maps.get(compiled.maps().aggregates().get(k).index());
            var entries = table instanceof ArrayTable array ? array.nonZeroEntries() : ((dev.sluice.compiler.interp.HashTable) table).entries();
            for (var e : entries) {
                actual.put(HexFormat.of().formatHex(e.getKey()), Codec.U64.decode(e.getValue()));
            }
            assertEquals(keyed.get(k), actual, "keyed counter " + k);
            if (!actual.isEmpty()) KEYED.incrementAndGet();
        }
    }

    @Property(tries = 100)
    void kernelAgreesAsXdp(@ForAll("xdpPrograms") FilterProgram program, @ForAll("frames20") List<byte[]> frames) {
        kernel(program, ProgramType.XDP, frames);
    }

    @Property(tries = 100)
    void kernelAgreesAsTc(@ForAll("tcPrograms") FilterProgram program, @ForAll("frames20") List<byte[]> frames) {
        kernel(program, ProgramType.SCHED_CLS, frames);
    }

    /** cgroup_skb sees the packet from the network header: the reference reads the frame's bytes after 14. */
    @Property(tries = 100)
    void kernelAgreesAsCgroupSkb(@ForAll("cgroupPrograms") FilterProgram program, @ForAll("frames20") List<byte[]> frames) {
        kernel(program, ProgramType.CGROUP_SKB, frames);
    }

    private static dev.sluice.tests.reference.ParsedPacket reference(FilterProgram program, byte[] frame) {
        if (program.access() != ContextAccess.SKB_NETWORK) return ReferenceParser.parseFrame(frame);
        int type = (frame[12] & 0xff) << 8 | (frame[13] & 0xff);
        return ReferenceParser.parseNetwork(java.util.Arrays.copyOfRange(frame, 14, frame.length), type);
    }

    private static void kernel(FilterProgram program, ProgramType type, List<byte[]> frames) {
        KernelTests.requireBpf();
        ProgramImage compiled = LoweredFilters.image(program);
        Code code = compiled.code();
        try (MapGroup maps = MapGroup.create(compiled.maps().definitions());
             BpfProgram loaded = BpfProgram.load(LoadRequest.of("filter", type, MapBinding.bind(code, maps.maps())))) {
            BpfMap counters = maps.get(compiled.maps().counters().index());
            long[] expected = new long[RandomFilters.COUNTERS];
            List<java.util.Map<String, Long>> keyed = new java.util.ArrayList<>();
            for (byte[] frame : frames) {
                int verdict = FilterReference.run(program, reference(program, frame), expected, keyed);
                assertEquals(verdict, loaded.testRun(frame).retval(),
                        () -> type + " frame " + HexFormat.of().formatHex(frame) + "\n" + Disassembler.listing(code));
                KERNEL_RUNS.incrementAndGet();
            }
            for (int i = 0; i < expected.length; i++) assertEquals(expected[i], counters.sumU64(Codec.U32.encode(i)), "counter " + i);
            for (int k = 0; k < program.keyedCounters().size(); k++) {
                BpfMap map = maps.get(compiled.maps().aggregates().get(k).index());
                java.util.Map<String, Long> actual = new java.util.TreeMap<>();
                for (byte[] key : map.keys()) {
                    long value = map.sumU64(key);
                    if (value != 0 || !program.keyedCounters().get(k).arrayBacked()) actual.put(HexFormat.of().formatHex(key), value);
                }
                while (keyed.size() <= k) keyed.add(new java.util.TreeMap<>());
                assertEquals(keyed.get(k), actual, "keyed counter " + k);
            }
        } catch (VerifierException e) {
            fail("the verifier rejected generated code: " + e.getMessage() + "\n" + Disassembler.listing(code));
        }
    }
}
