package dev.sluice.tests.codegen;

import dev.sluice.compiler.testing.LoweredFilters;
import dev.sluice.testing.KernelTest;
import dev.sluice.testing.KernelTests;
import dev.sluice.compiler.hooks.ContextAccess;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.codegen.CompiledFilter;
import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.compiler.codegen.PacketParser;
import dev.sluice.compiler.interp.Context;
import dev.sluice.compiler.interp.InterpMaps;
import dev.sluice.compiler.interp.Interpreter;
import dev.sluice.compiler.hooks.ProgramKind;
import dev.sluice.compiler.isa.Disassembler;
import dev.sluice.compiler.lower.Condition;
import dev.sluice.compiler.lower.FilterProgram;
import dev.sluice.compiler.lower.Statement;
import dev.sluice.runtime.Attach;
import dev.sluice.runtime.Link;
import dev.sluice.runtime.LoadedFilter;
import dev.sluice.runtime.ProgramType;
import dev.sluice.runtime.VerifierException;
import dev.sluice.runtime.testing.CgroupDir;
import dev.sluice.runtime.testing.Shell;
import dev.sluice.tests.reference.ParsedPacket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/** cgroup device programs: random rules over dev.* against a plain-Java reading; the verifier accepts them all. */
class DeviceFilterTest {
    static final List<PacketField> DEVICE = List.of(PacketField.DEV_TYPE, PacketField.DEV_MAJOR, PacketField.DEV_MINOR,
            PacketField.DEV_READ, PacketField.DEV_WRITE, PacketField.DEV_MKNOD);

    record Access(int type, int access, int major, int minor) {
        byte[] context() {
            return ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(access << 16 | type).putInt(major).putInt(minor).array();
        }

        ParsedPacket reading() {
            Map<String, Long> values = new HashMap<>(Map.of("dev.type", (long) type, "dev.major", (long) major, "dev.minor", (long) minor));
            Set<String> tests = new HashSet<>();
            if ((access & 1) != 0) tests.add("dev.mknod");
            if ((access & 2) != 0) tests.add("dev.read");
            if ((access & 4) != 0) tests.add("dev.write");
            return new ParsedPacket(values, Map.of(), tests);
        }
    }

    @Provide
    Arbitrary<Access> accesses() {
        return Combinators.combine(Arbitraries.of(1, 2), Arbitraries.integers().between(0, 7),
                Arbitraries.of(1, 4, 5, 10, 136, 259, 0), Arbitraries.of(0, 1, 3, 5, 8, 9, 255)).as(Access::new);
    }

    @Provide
    Arbitrary<FilterProgram> programs() {
        Arbitrary<Condition> leaf = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of(PacketField.DEV_READ, PacketField.DEV_WRITE, PacketField.DEV_MKNOD).map(Condition.Present::new)),
                Tuple.of(4, Combinators.combine(Arbitraries.of(PacketField.DEV_TYPE, PacketField.DEV_MAJOR, PacketField.DEV_MINOR),
                        Arbitraries.of(Condition.CompareOp.class), Arbitraries.of(0L, 1L, 2L, 3L, 5L, 136L, 259L))
                        .as(Condition.Compare::new)));
        Arbitrary<Condition> condition = Arbitraries.oneOf(leaf, leaf.list().ofMinSize(2).ofMaxSize(3).map(Condition.All::new),
                leaf.map(Condition.Not::new));
        Arbitrary<Statement> rule = Combinators.combine(condition, Arbitraries.of(0, 1))
                .as((c, v) -> new Statement.When(c, List.of(new Statement.Verdict(v))));
        return rule.list().ofMinSize(1).ofMaxSize(5).map(body -> new FilterProgram(ContextAccess.DEVICE, body, 1, 0));
    }

    @Property(tries = 1000)
    void interpreterAgrees(@ForAll("programs") FilterProgram program, @ForAll("accesses") Access access) {
        CompiledFilter compiled = LoweredFilters.compile(program);
        int expected = FilterReference.run(program, access.reading(), new long[1]);
        int actual = new Interpreter(compiled.code(), InterpMaps.create(compiled.maps()))
                .run(new Context.Raw(ProgramKind.CGROUP_DEVICE, access.context())).retval();
        assertEquals(expected, actual, () -> access + "\n" + Disassembler.listing(compiled.code()));
    }

    @Property(tries = 100)
    void verifierAcceptsEveryProgram(@ForAll("programs") FilterProgram program) {
        KernelTests.requireBpf();
        try (LoadedFilter loaded = LoadedFilter.load("device", ProgramType.CGROUP_DEVICE, LoweredFilters.image(program))) {
            assertTrue(loaded.program().isOpen());
        } catch (VerifierException e) {
            fail(e.getMessage() + "\n" + Disassembler.listing(LoweredFilters.compile(program).code()));
        }
    }

    /** when dev.type == char and dev.major == 1 and dev.minor == 3 { drop }: /dev/null refused, /dev/zero opens. */
    @Test
    @KernelTest
    void deniesDevNullInACgroup() {
        FilterProgram program = new FilterProgram(ContextAccess.DEVICE, List.of(new Statement.When(
                new Condition.All(List.of(new Condition.Compare(PacketField.DEV_TYPE, Condition.CompareOp.EQ, 2),
                        new Condition.Compare(PacketField.DEV_MAJOR, Condition.CompareOp.EQ, 1),
                        new Condition.Compare(PacketField.DEV_MINOR, Condition.CompareOp.EQ, 3))),
                List.of(new Statement.Verdict(0)))), 1, 0);
        try (CgroupDir cgroup = CgroupDir.create();
             LoadedFilter loaded = LoadedFilter.load("cgroup_device_1", ProgramType.CGROUP_DEVICE, LoweredFilters.image(program));
             Link link = Attach.cgroup(loaded.program(), cgroup.path(), Attach.CgroupHook.DEVICE)) {
            Shell.Result r = Shell.tryRun("bash", "-c", cgroup.join()
                    + "cat /dev/null; echo null=$?; head -c1 /dev/zero > /dev/zero; echo zero=$?");
            assertTrue(r.output().contains("null=1") && r.output().contains("zero=0"), r.output());
        }
    }
}
