package dev.sluice.runtime;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.elf.BpfObject;
import dev.sluice.compiler.elf.ElfWriter;
import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.Pseudo;
import dev.sluice.compiler.maps.MapType;
import dev.sluice.runtime.testing.KernelRequirement;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoadedObjectTest {
    @BeforeEach
    void kernel() {
        KernelRequirement.bpf();
    }

    static byte[] resource(String name) throws Exception {
        try (InputStream in = LoadedObjectTest.class.getResourceAsStream(name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }

    @Test
    void runsAClangBuiltObject() throws Exception {
        try (LoadedObject object = LoadedObject.load(resource("/clang/count_xdp.o"), "count_xdp.o")) {
            BpfProgram program = object.program("count_by_length");
            assertEquals(ProgramType.XDP, program.type());
            assertEquals("xdp", object.sectionOf("count_by_length"));
            BpfMap packets = object.map("packets");
            assertEquals(MapType.ARRAY, packets.spec().type());
            assertEquals(4, packets.spec().keySize());
            assertEquals(8, packets.spec().valueSize());
            assertEquals(2, packets.spec().maxEntries());
            assertEquals(2, program.testRun(TestRunRequest.of(new byte[64]).repeat(3)).retval());
            program.testRun(TestRunRequest.of(new byte[200]).repeat(5));
            assertEquals(3L, Codec.U64.decode(packets.lookup(Codec.U32.encode(0)).orElseThrow()));
            assertEquals(5L, Codec.U64.decode(packets.lookup(Codec.U32.encode(1)).orElseThrow()));
        }
    }

    /** Sluice's own object: two maps, XDP and tc programs, map references by relocation. */
    @Test
    void runsSluicesOwnObject() {
        List<Instruction> countAndPass = new ArrayList<>(TestPrograms.countAll(TestPrograms.XDP_PASS).instructions());
        List<Instruction> countInSecond = new ArrayList<>();
        for (Instruction insn : TestPrograms.countAll(TestPrograms.TC_ACT_OK).instructions()) {
            countInSecond.add(insn instanceof Instruction.LoadImm64 l && l.source() == Pseudo.MAP_FD
                    ? new Instruction.LoadImm64(l.dst(), Pseudo.MAP_FD, 1) : insn);
        }
        byte[] elf = ElfWriter.write(new BpfObject(
                List.of(new BpfObject.ProgramSection("xdp", "xdp_count", new Code(countAndPass)),
                        new BpfObject.ProgramSection("tc", "tc_count", new Code(countInSecond))),
                List.of(new BpfObject.MapDefinition("first", MapType.ARRAY.number(), 4, 8, 1, 0),
                        new BpfObject.MapDefinition("second", MapType.ARRAY.number(), 4, 8, 1, 0)),
                "GPL"));
        try (LoadedObject object = LoadedObject.load(elf, "sluice.o")) {
            assertEquals(List.of("xdp_count", "tc_count"), new ArrayList<>(object.programs().keySet()));
            assertEquals(ProgramType.SCHED_CLS, object.program("tc_count").type());
            object.program("xdp_count").testRun(TestRunRequest.of(new byte[64]).repeat(4));
            object.program("tc_count").testRun(TestRunRequest.of(new byte[64]).repeat(6));
            assertEquals(4, object.map("first").sumU64(Codec.U32.encode(0)));
            assertEquals(6, object.map("second").sumU64(Codec.U32.encode(0)));
        }
    }

    @Test
    void badObjectsAreClearErrors() throws Exception {
        byte[] clang = resource("/clang/count_xdp.o");
        byte[] truncated = java.util.Arrays.copyOf(clang, 100);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LoadedObject.load(truncated, "cut.o"));
        assertTrue(e.getMessage().startsWith("cut.o: not a valid eBPF object"), e.getMessage());
    }
}
