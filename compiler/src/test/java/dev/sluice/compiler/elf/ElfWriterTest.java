package dev.sluice.compiler.elf;

import static dev.sluice.compiler.isa.Register.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.elf.BpfObject.MapDefinition;
import dev.sluice.compiler.elf.BpfObject.ProgramSection;
import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.AtomicOp;
import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.Decoder;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.isa.Pseudo;
import dev.sluice.compiler.isa.Size;
import dev.sluice.compiler.testing.Requirements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElfWriterTest {
    static final int ARRAY = 2;

    /** XDP: count every packet in slot 0 of an array map, then pass (or drop, as given). */
    static Code countingProgram(int mapIndex, int verdict) {
        CodeBuilder b = new CodeBuilder();
        Label out = b.newLabel();
        b.store(Size.W, R10, -4, 0)
                .mov64(R2, R10).alu64(AluOp.ADD, R2, -4)
                .add(new Instruction.LoadImm64(R1, Pseudo.MAP_FD, mapIndex))
                .call(1)
                .jump(JumpOp.JEQ, R0, 0, out)
                .mov64(R1, 1)
                .add(new Instruction.Atomic(Size.DW, AtomicOp.ADD, R0, R1, 0))
                .bind(out)
                .mov64(R0, verdict)
                .exit();
        return b.build();
    }

    static BpfObject twoPrograms() {
        return new BpfObject(
                List.of(new ProgramSection("xdp", "count_pass", countingProgram(0, 2), List.of(
                                new BpfObject.SourceLine(0, "rules.ebpf", 3, 5, "when ip { count packets }"),
                                new BpfObject.SourceLine(8, "rules.ebpf", 4, 5, "pass"))),
                        new ProgramSection("xdp", "count_drop", countingProgram(1, 1)),
                        new ProgramSection("tc", "tc_pass", countingProgram(0, 0))),
                List.of(new MapDefinition("packets", ARRAY, 4, 8, 1, 0),
                        new MapDefinition("drops", ARRAY, 4, 8, 1, 0)),
                "GPL");
    }

    @Test
    void readsBackWhatItWrote() {
        ElfObject elf = ElfObject.read(ElfWriter.write(twoPrograms()));
        ElfSection xdp = elf.section("xdp").orElseThrow();
        List<ElfSymbol> functions = elf.functionsIn(xdp.index());
        assertEquals(List.of("count_pass", "count_drop"), functions.stream().map(ElfSymbol::name).toList());
        assertEquals(functions.get(1).value(), functions.get(0).size());
        assertEquals(2, elf.relocations().stream().filter(r -> r.targetSection() == xdp.index()).count());
        ElfRelocation second = elf.relocations().stream().filter(r -> r.targetSection() == xdp.index()).toList().get(1);
        assertEquals("drops", elf.symbols().get(second.symbolIndex()).name());
        // The relocated load carries no fd: libbpf fills it in, as for clang's objects.
        byte[] slot = java.util.Arrays.copyOfRange(xdp.data(), (int) second.offset(), (int) second.offset() + 16);
        assertEquals(new Instruction.LoadImm64(R1, Pseudo.NONE, 0), Decoder.decode(slot).get(0));
        ElfSymbol packets = elf.symbols().stream().filter(s -> s.name().equals("packets")).findFirst().orElseThrow();
        assertEquals(ElfSymbol.STT_OBJECT, packets.type());
        assertEquals(ElfSymbol.STB_GLOBAL, packets.binding());
        assertEquals(".maps", elf.sections().get(packets.sectionIndex()).name());
        assertTrue(elf.section(".BTF").isPresent());
        assertEquals("GPL\0", new String(elf.section("license").orElseThrow().data()));
    }

    @Test
    void llvmReadelfFindsNoProblems(@TempDir Path dir) throws Exception {
        String readelf = Requirements.tool("llvm-readelf", "llvm");
        Path obj = dir.resolve("two.o");
        Files.write(obj, ElfWriter.write(twoPrograms()));
        String out = run(readelf, "-a", obj.toString());
        assertFalse(out.toLowerCase().contains("warning"), out);
        assertFalse(out.toLowerCase().contains("error"), out);
        assertTrue(out.contains("count_drop") && out.contains("packets"), out);
    }

    @Test
    void bpftoolDumpsTheMapTypes(@TempDir Path dir) throws Exception {
        String bpftool = Requirements.tool("bpftool", "bpftool");
        Path obj = dir.resolve("two.o");
        Files.write(obj, ElfWriter.write(twoPrograms()));
        String out = run(bpftool, "btf", "dump", "file", obj.toString());
        assertTrue(out.contains("VAR 'packets'") && out.contains("VAR 'drops'"), out);
        assertTrue(out.contains("DATASEC '.maps'"), out);
        assertTrue(out.contains("'max_entries'"), out);
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", command) + "\n" + out);
        return out;
    }
}
