package dev.sluice.tests.codegen;

import dev.sluice.compiler.testing.LoweredFilters;
import dev.sluice.testing.KernelTest;
import dev.sluice.testing.KernelTests;
import dev.sluice.compiler.image.ProgramImage;
import dev.sluice.compiler.image.AggregateKind;
import dev.sluice.compiler.hooks.ContextAccess;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.compiler.codegen.PacketParser;
import dev.sluice.compiler.interp.ArrayTable;
import dev.sluice.compiler.interp.Context;
import dev.sluice.compiler.interp.Environment;
import dev.sluice.compiler.interp.HashTable;
import dev.sluice.compiler.interp.InterpMap;
import dev.sluice.compiler.interp.InterpMaps;
import dev.sluice.compiler.interp.Interpreter;
import dev.sluice.compiler.hooks.ProgramKind;
import dev.sluice.compiler.isa.Disassembler;
import dev.sluice.compiler.lower.Condition;
import dev.sluice.compiler.lower.FilterProgram;
import dev.sluice.compiler.lower.Statement;
import dev.sluice.compiler.trace.PtRegs;
import dev.sluice.runtime.Attach;
import dev.sluice.runtime.BpfMap;
import dev.sluice.runtime.Codec;
import dev.sluice.runtime.Link;
import dev.sluice.runtime.LoadedFilter;
import dev.sluice.runtime.ProgramType;
import dev.sluice.runtime.VerifierException;
import dev.sluice.runtime.testing.TargetBinary;
import dev.sluice.tests.reference.ParsedPacket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/** Trace programs (task and register fields, counters, keyed counters) in the interpreter and the kernel. */
class TraceProgramTest {
    static final List<PacketField> NUMBERS = List.of(PacketField.PID, PacketField.TID, PacketField.UID, PacketField.GID,
            PacketField.CPU, PacketField.ARG0, PacketField.ARG1, PacketField.ARG2, PacketField.ARG3, PacketField.ARG4,
            PacketField.ARG5, PacketField.RETVAL);
    static final List<String> COMMS = List.of("curl", "bash", "sluice-test", "x");
    static final List<Long> VALUES = List.of(0L, 1L, 2L, 7L, 42L, 100L, 1000L, 65535L, -1L);

    record Task(int pid, int tid, int uid, int gid, String comm, long[] regs) {
        Environment environment() {
            return Environment.DEFAULT.withTask(pid, tid, uid, gid, comm);
        }

        byte[] ptRegs() {
            ByteBuffer b = ByteBuffer.allocate(PtRegs.X86_64.size()).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 6; i++) b.putLong(PtRegs.X86_64.argument(i), regs[i]);
            b.putLong(PtRegs.X86_64.returnValue(), regs[6]);
            return b.array();
        }

        ParsedPacket reading() {
            Map<String, Long> values = new HashMap<>(Map.of("pid", (long) pid, "tid", (long) tid, "uid", (long) uid,
                    "gid", (long) gid, "cpu", 0L, "retval", regs[6]));
            for (int i = 0; i < 6; i++) values.put("arg" + i, regs[i]);
            return new ParsedPacket(values, Map.of("comm", commBytes(comm)), Set.of());
        }
    }

    static byte[] commBytes(String comm) {
        byte[] out = new byte[16];
        byte[] text = comm.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(text, 0, out, 0, Math.min(15, text.length));
        return out;
    }

    static Condition commIs(String comm) {
        ByteBuffer b = ByteBuffer.wrap(commBytes(comm)).order(ByteOrder.LITTLE_ENDIAN);
        return new Condition.Prefix(PacketField.COMM, b.getLong(0), b.getLong(8), 128);
    }

    @Provide
    Arbitrary<Task> tasks() {
        return Combinators.combine(Arbitraries.of(1, 42, 4242), Arbitraries.of(1, 42, 43), Arbitraries.of(0, 1000),
                Arbitraries.of(0, 100), Arbitraries.of(COMMS), Arbitraries.of(VALUES).array(long[].class).ofSize(7))
                .as(Task::new);
    }

    static Arbitrary<Condition> conditions(int depth) {
        Arbitrary<Condition> leaf = Arbitraries.frequencyOf(
                Tuple.of(5, Combinators.combine(Arbitraries.of(NUMBERS), Arbitraries.of(Condition.CompareOp.class),
                        Arbitraries.of(VALUES)).as(Condition.Compare::new)),
                Tuple.of(2, Arbitraries.of(COMMS).map(TraceProgramTest::commIs)));
        if (depth == 0) return leaf;
        Arbitrary<Condition> smaller = Arbitraries.lazy(() -> conditions(depth - 1));
        return Arbitraries.frequencyOf(Tuple.of(4, leaf),
                Tuple.of(1, smaller.list().ofMinSize(1).ofMaxSize(3).map(Condition.All::new)),
                Tuple.of(1, smaller.list().ofMinSize(1).ofMaxSize(3).map(Condition.Any::new)),
                Tuple.of(1, smaller.map(Condition.Not::new)));
    }

    static Arbitrary<FilterProgram> programs(ContextAccess access) {
        List<PacketField> keys = new ArrayList<>(NUMBERS);
        keys.add(PacketField.COMM);
        if (access != ContextAccess.TRACE_PT_REGS) keys.removeIf(f -> f.scriptName().startsWith("arg") || f == PacketField.RETVAL);
        Arbitrary<FilterProgram.KeyedCounter> keyed = Combinators.combine(Arbitraries.of(keys).list().ofMaxSize(2),
                        Arbitraries.of(AggregateKind.class))
                .as((k, kind) -> new FilterProgram.KeyedCounter("agg", k, 256, kind));
        List<PacketField> values = new ArrayList<>(NUMBERS);
        if (access != ContextAccess.TRACE_PT_REGS) values.removeIf(f -> f.scriptName().startsWith("arg") || f == PacketField.RETVAL);
        return keyed.list().ofMinSize(1).ofMaxSize(3).flatMap(counters -> {
            Arbitrary<Statement> aggregate = Combinators.combine(Arbitraries.integers().between(0, counters.size() - 1),
                    Arbitraries.of(values)).as((i, v) -> {
                        switch (counters.get(i).kind()) {
                            case SUM: return (Statement) new Statement.Sum(i, v, counters.get(i).key());
                            case HIST: return new Statement.Hist(i, v, counters.get(i).key());
                            default: return new Statement.CountBy(i, counters.get(i).key());
                        }
                    });
            Arbitrary<Statement> leaf = Arbitraries.oneOf(Arbitraries.integers().between(0, 3).map(Statement.Count::new), aggregate);
            Arbitrary<Statement> when = Combinators.combine(conditions(2), leaf.list().ofMinSize(1).ofMaxSize(3))
                    .as(Statement.When::new);
            return Arbitraries.oneOf(leaf, when).list().ofMinSize(1).ofMaxSize(5)
                    .map(body -> new FilterProgram(access, body, 0, 4, List.of(), counters));
        });
    }

    @Provide
    Arbitrary<FilterProgram> probePrograms() {
        return programs(ContextAccess.TRACE_PT_REGS);
    }

    @Provide
    Arbitrary<FilterProgram> taskPrograms() {
        return programs(ContextAccess.TRACE);
    }

    @Property(tries = 1000)
    void interpreterAgreesWithTheReference(@ForAll("probePrograms") FilterProgram program, @ForAll("tasks") Task task) {
        ProgramImage compiled = LoweredFilters.image(program);
        List<InterpMap> maps = InterpMaps.create(compiled.maps().definitions());
        new Interpreter(compiled.code(), maps).run(new Context.Raw(ProgramKind.KPROBE, task.ptRegs()), task.environment());
        long[] counters = new long[4];
        List<Map<String, Long>> keyed = new ArrayList<>();
        FilterReference.run(program, task.reading(), counters, keyed);
        for (int i = 0; i < 4; i++) {
            assertEquals(counters[i], Codec.U64.decode(((ArrayTable) maps.get(compiled.maps().counters().index())).value(i)),
                    () -> task + "\n" + Disassembler.listing(compiled.code()));
        }
        for (int k = 0; k < program.keyedCounters().size(); k++) {
            Map<String, Long> actual = new TreeMap<>();
            for (var e : ((HashTable) maps.get(compiled.maps().aggregates().get(k).index())).entries()) actual.put(HexFormat.of().formatHex(e.getKey()), Codec.U64.decode(e.getValue()));
            assertEquals(keyed.size() > k ? keyed.get(k) : Map.of(), actual, "keyed counter " + k);
        }
    }

    @Property(tries = 60)
    void verifierAcceptsProbePrograms(@ForAll("probePrograms") FilterProgram program) {
        accepts(program, ProgramType.KPROBE);
    }

    @Property(tries = 60)
    void verifierAcceptsTracepointAndPerfEventPrograms(@ForAll("taskPrograms") FilterProgram program) {
        accepts(program, ProgramType.TRACEPOINT);
        accepts(program, ProgramType.PERF_EVENT);
    }

    static void accepts(FilterProgram program, ProgramType type) {
        KernelTests.requireBpf();
        try (LoadedFilter loaded = LoadedFilter.load("trace", type, LoweredFilters.image(program))) {
            assertTrue(loaded.program().isOpen());
        } catch (VerifierException e) {
            fail(type + ": " + e.getMessage() + "\n" + Disassembler.listing(LoweredFilters.compile(program).code()));
        }
    }

    /**
     * `sum total arg0` on the uprobe and `hist returns retval` on the uretprobe of sluice_target(x) = 2x + 1
     * for x = 1..100: the sum is 5050 and the odd values 3..201 fall into their power-of-two buckets.
     */
    @Test
    @KernelTest
    void sumAndHistogramOnRealCalls() throws Exception {
        Path dir = Files.createTempDirectory("sluice-trace");
        try {
            Path binary = TargetBinary.build(dir);
            FilterProgram sum = new FilterProgram(ContextAccess.TRACE_PT_REGS, List.of(new Statement.Sum(0, PacketField.ARG0, List.of())),
                    0, 1, List.of(), List.of(new FilterProgram.KeyedCounter("total", List.of(), 1, AggregateKind.SUM)));
            FilterProgram hist = new FilterProgram(ContextAccess.TRACE_PT_REGS, List.of(new Statement.Hist(0, PacketField.RETVAL, List.of())),
                    0, 1, List.of(), List.of(new FilterProgram.KeyedCounter("returns", List.of(), 64, AggregateKind.HIST)));
            try (LoadedFilter entry = LoadedFilter.load("uprobe_sum", ProgramType.KPROBE, LoweredFilters.image(sum));
                 LoadedFilter exit = LoadedFilter.load("uretprobe_hist", ProgramType.KPROBE, LoweredFilters.image(hist))) {
                Process child = TargetBinary.start(binary.toString(), "100");
                try (Link in = Attach.uprobe(entry.program(), binary, "sluice_target", false, OptionalInt.of((int) child.pid()));
                     Link out = Attach.uprobe(exit.program(), binary, "sluice_target", true, OptionalInt.of((int) child.pid()))) {
                    TargetBinary.release(child);
                } finally {
                    child.destroyForcibly();
                }
                assertEquals(5050, entry.maps().get(entry.image().maps().aggregates().get(0).index()).sumU64(new byte[8]));
                BpfMap buckets = exit.maps().get(exit.image().maps().aggregates().get(0).index());
                long[] expected = {0, 0, 1, 2, 4, 8, 16, 32, 37};
                for (int bucket = 0; bucket < expected.length; bucket++) {
                    assertEquals(expected[bucket], buckets.sumU64(Codec.U64.encode((long) bucket)), "bucket " + bucket);
                }
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** profile: `count samples; when pc != 0 { count 1 }` sampling every CPU at 499 Hz while a child is busy. */
    @Test
    @KernelTest
    void profileSamplesCarryAProgramCounter() {
        FilterProgram program = new FilterProgram(ContextAccess.TRACE_PERF_EVENT, List.of(new Statement.Count(0),
                new Statement.When(new Condition.Compare(PacketField.PC, Condition.CompareOp.NE, 0), List.of(new Statement.Count(1)))),
                0, 2);
        try (LoadedFilter loaded = LoadedFilter.load("profile_1", ProgramType.PERF_EVENT, LoweredFilters.image(program))) {
            try (Link link = Attach.perfEvent(loaded.program(), 499)) {
                Process busy = TargetBinary.start("bash", "-c", "read x; end=$((SECONDS + 2)); while ((SECONDS < end)); do :; done");
                try {
                    TargetBinary.release(busy);
                } finally {
                    busy.destroyForcibly();
                }
            }
            // Read once sampling has stopped: read while it runs, a sample could land between the two counters.
            long samples = loaded.counter(0);
            assertTrue(samples > 10, "samples " + samples);
            assertEquals(samples, loaded.counter(1), "every sample has a pc");
        }
    }

    @Test
    void printedEventsInTheInterpreter() {
        FilterProgram program = new FilterProgram(ContextAccess.TRACE_PT_REGS, List.of(
                new Statement.Print(0, List.of(PacketField.PID, PacketField.COMM, PacketField.ARG0)),
                new Statement.When(new Condition.Compare(PacketField.RETVAL, Condition.CompareOp.EQ, 7),
                        List.of(new Statement.Print(1, List.of(PacketField.RETVAL))))),
                0, 1, List.of(), List.of(), List.of(), List.of("pid %d comm %s arg %x", "ret %d"));
        ProgramImage compiled = LoweredFilters.image(program);
        List<InterpMap> maps = InterpMaps.create(compiled.maps().definitions());
        Task task = new Task(4242, 4243, 0, 0, "curl", new long[] {255, 0, 0, 0, 0, 0, 7});
        new Interpreter(compiled.code(), maps).run(new Context.Raw(ProgramKind.KPROBE, task.ptRegs()), task.environment());
        List<String> lines = ((dev.sluice.compiler.interp.RingBuffer) maps.get(compiled.maps().events().orElseThrow().index())).drain()
                .stream().map(compiled::formatEvent).toList();
        assertEquals(List.of("pid 4242 comm curl arg ff", "ret 7"), lines);
    }

    /** `print "x=%d", arg0` on the uprobe: 100 events, in call order, through the ring buffer reader. */
    @Test
    @KernelTest
    void printedEventsFromRealCalls() throws Exception {
        Path dir = Files.createTempDirectory("sluice-trace");
        try {
            Path binary = TargetBinary.build(dir);
            FilterProgram program = new FilterProgram(ContextAccess.TRACE_PT_REGS,
                    List.of(new Statement.Print(0, List.of(PacketField.ARG0))), 0, 1, List.of(), List.of(), List.of(), List.of("x=%d"));
            ProgramImage compiled = LoweredFilters.image(program);
            try (LoadedFilter loaded = LoadedFilter.load("uprobe_print", ProgramType.KPROBE, compiled);
                 dev.sluice.runtime.RingBufferReader events = dev.sluice.runtime.RingBufferReader.open(
                         loaded.maps().get(compiled.maps().events().orElseThrow().index()))) {
                Process child = TargetBinary.start(binary.toString(), "100");
                try (Link link = Attach.uprobe(loaded.program(), binary, "sluice_target", false, OptionalInt.of((int) child.pid()))) {
                    TargetBinary.release(child);
                } finally {
                    child.destroyForcibly();
                }
                List<String> lines = new ArrayList<>();
                events.poll(1000, r -> lines.add(compiled.eventFormats().get(0).format(r)));
                assertEquals(100, lines.size());
                assertEquals("x=1", lines.get(0));
                assertEquals("x=100", lines.get(99));
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /**
     * tracepoint syscalls:sys_enter_openat with `when pid == CHILD { print "%s", str(args.filename) }`:
     * args.filename's offset comes from this kernel's format file; the child's opens are printed as paths.
     */
    @Test
    @KernelTest
    void tracepointArgumentsAndStrings() throws Exception {
        var format = dev.sluice.compiler.trace.TracepointFormat.parse(
                dev.sluice.runtime.Tracefs.format("syscalls", "sys_enter_openat"));
        var filename = format.field("filename").orElseThrow();
        Path dir = Files.createTempDirectory("sluice-trace");
        Path marker = Files.writeString(dir.resolve("opened-by-the-child"), "x");
        try {
            Process child = TargetBinary.start("bash", "-c", "read x; : < " + marker + "; : < " + marker);
            var trace = new dev.sluice.compiler.lower.TraceSetup(
                    List.of(new dev.sluice.compiler.lower.TraceSetup.RecordWord(filename.offset(), filename.size(), false)),
                    java.util.Optional.of(new dev.sluice.compiler.lower.TraceSetup.StringRead(PacketField.REC0, true)));
            FilterProgram program = new FilterProgram(ContextAccess.TRACE, List.of(new Statement.When(
                    new Condition.Compare(PacketField.PID, Condition.CompareOp.EQ, child.pid()),
                    List.of(new Statement.Print(0, List.of(PacketField.STR))))),
                    0, 1, List.of(), List.of(), List.of(), List.of("open %s"), trace);
            ProgramImage compiled = LoweredFilters.image(program);
            try (LoadedFilter loaded = LoadedFilter.load("tp_openat", ProgramType.TRACEPOINT, compiled);
                 dev.sluice.runtime.RingBufferReader events = dev.sluice.runtime.RingBufferReader.open(
                         loaded.maps().get(compiled.maps().events().orElseThrow().index()))) {
                try (Link link = Attach.tracepoint(loaded.program(), "syscalls", "sys_enter_openat")) {
                    TargetBinary.release(child);
                } finally {
                    child.destroyForcibly();
                }
                List<String> lines = new ArrayList<>();
                events.poll(1000, r -> lines.add(compiled.eventFormats().get(0).format(r)));
                assertEquals(2, lines.stream().filter(l -> l.equals("open " + marker)).count(), lines.toString());
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** uprobe on sluice_target: `when arg0 > 50 { count 0 }` and `count by arg0`, on 100 real calls. */
    @Test
    @KernelTest
    void uprobeCountsAndKeysByArgument() throws Exception {
        Path dir = Files.createTempDirectory("sluice-trace");
        try {
            Path binary = TargetBinary.build(dir);
            FilterProgram program = new FilterProgram(ContextAccess.TRACE_PT_REGS, List.of(
                    new Statement.When(new Condition.Compare(PacketField.ARG0, Condition.CompareOp.GT, 50), List.of(new Statement.Count(0))),
                    new Statement.CountBy(0, List.of(PacketField.ARG0))), 0, 1, List.of(),
                    List.of(new FilterProgram.KeyedCounter("calls", List.of(PacketField.ARG0), 1024)));
            try (LoadedFilter loaded = LoadedFilter.load("uprobe_1", ProgramType.KPROBE, LoweredFilters.image(program))) {
                Process child = TargetBinary.start(binary.toString(), "100");
                try (Link link = Attach.uprobe(loaded.program(), binary, "sluice_target", false, OptionalInt.of((int) child.pid()))) {
                    TargetBinary.release(child);
                } finally {
                    child.destroyForcibly();
                }
                assertEquals(50, loaded.counter(0));
                BpfMap calls = loaded.maps().get(loaded.image().maps().aggregates().get(0).index());
                assertEquals(100, calls.keys().size());
                assertEquals(1, calls.sumU64(Codec.U64.encode(77L)));
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
