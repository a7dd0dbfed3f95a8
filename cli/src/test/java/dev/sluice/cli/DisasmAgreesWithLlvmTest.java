package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.testing.KernelTests;
import dev.sluice.compiler.elf.BpfObject;
import dev.sluice.compiler.elf.ElfWriter;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.isa.LlvmNormalisation;
import dev.sluice.compiler.isa.Pseudo;
import dev.sluice.compiler.isa.Register;
import dev.sluice.compiler.isa.Size;
import dev.sluice.runtime.testing.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `sluice disasm OUT.o` and `llvm-objdump -d -r OUT.o` agree instruction by instruction. */
class DisasmAgreesWithLlvmTest {
    private static final Pattern OUR_SECTION = Pattern.compile("^section (\\S+):$");
    private static final Pattern OUR_LINE = Pattern.compile("^\\s*(\\d+): \\([0-9a-f]{2}\\) (.*)$");
    private static final Pattern LLVM_SECTION = Pattern.compile("^Disassembly of section (\\S+):$");
    private static final Pattern LLVM_LINE = Pattern.compile("^\\s*(\\d+):\\s+((?:[0-9a-f]{2} ){7,15}[0-9a-f]{2})\\s+(.*)$");

    /** Our listing by "section/slot" (slots count from 0 in every section, as both tools number them). */
    static Map<String, String> ours(Path object) {
        MainTest.Outcome o = MainTest.run("disasm", object.toString());
        assertEquals(0, o.code(), o.err());
        Map<String, String> out = new HashMap<>();
        String section = "";
        for (String line : o.out().split("\n")) {
            Matcher header = OUR_SECTION.matcher(line);
            if (header.find()) {
                section = header.group(1);
                continue;
            }
            Matcher m = OUR_LINE.matcher(line);
            if (m.find()) out.put(section + "/" + Integer.parseInt(m.group(1)), m.group(2));
        }
        return out;
    }

    private static final Pattern LLVM_RELOCATION = Pattern.compile("^\\s+[0-9a-f]+:\\s+(R_BPF_\\w+)\\s+(\\S+)$");

    /** One instruction line of llvm-objdump, with the relocation it prints under it, if any. */
    private record LlvmLine(String section, int slot, byte[] bytes, String text, String[] relocation) {}

    /**
     * Every instruction of {@code llvm-objdump -d -r} equals ours after {@link LlvmNormalisation};
     * a relocated one, or a local call, as {@link LlvmRelocationNames} names it. Returns how many
     * instructions were compared.
     */
    static int agree(Path object) {
        String objdump = KernelTests.tool("llvm-objdump", "llvm");
        String listing = Shell.run(objdump, "-d", "-r", "--mcpu=v3", object.toString());
        List<LlvmLine> lines = new ArrayList<>();
        Set<String> codeSections = new HashSet<>();
        String section = "";
        for (String line : listing.split("\n")) {
            Matcher header = LLVM_SECTION.matcher(line);
            if (header.find()) {
                section = header.group(1);
                codeSections.add(section);
                continue;
            }
            Matcher reloc = LLVM_RELOCATION.matcher(line);
            if (reloc.matches() && !lines.isEmpty()) {
                LlvmLine last = lines.remove(lines.size() - 1);
                lines.add(new LlvmLine(last.section(), last.slot(), last.bytes(), last.text(),
                        new String[] {reloc.group(1), reloc.group(2)}));
                continue;
            }
            Matcher m = LLVM_LINE.matcher(line);
            if (!m.find()) continue;
            lines.add(new LlvmLine(section, Integer.parseInt(m.group(1)),
                    HexFormat.of().parseHex(m.group(2).replace(" ", "")), m.group(3), null));
        }
        LlvmRelocationNames names = new LlvmRelocationNames(object, objdump, codeSections);
        Map<String, String> ours = ours(object);
        int compared = 0;
        for (LlvmLine line : lines) {
            String slot = line.section() + "/" + line.slot();
            byte[] bytes = line.bytes();
            String mine = ours.get(slot);
            assertNotNull(mine, "sluice disasm has no slot " + slot);
            String theirs = LlvmNormalisation.normalise(line.text().replaceAll("\\s*<[^<>\\s]*>$", ""), bytes);
            compared++;
            // LLVM 14 cannot print ST with an immediate (class 2), which the kernel and we use.
            if (theirs.isBlank() && (bytes[0] & 0x07) == 0x02) {
                assertTrue(mine.matches("\\*\\(u(8|16|32|64) \\*\\)\\(r\\d+ [+-]\\d+\\) = -?\\d+"), mine);
                continue;
            }
            if (line.relocation() != null) {
                theirs = names.relocated(line.section(), line.slot(), line.text(), line.relocation()[0], line.relocation()[1]);
            } else {
                theirs = names.localCall(line.section(), line.slot(), theirs);
            }
            assertEquals(theirs.replaceAll("\\s+", " ").strip(), mine.replaceAll("\\s+", " ").strip(), "slot " + slot);
        }
        assertEquals(ours.size(), compared, "llvm-objdump listed " + compared + " of " + ours.size() + " instructions");
        assertTrue(compared > 10);
        return compared;
    }

    @Test
    void onSluicesObject(@TempDir Path dir) throws Exception {
        CodeBuilder b = new CodeBuilder();
        Label out = b.newLabel();
        b.load(Size.W, Register.R2, Register.R1, 0).load(Size.W, Register.R3, Register.R1, 4)
                .mov64(Register.R4, Register.R2).alu64(dev.sluice.compiler.isa.AluOp.ADD, Register.R4, 14)
                .jump(JumpOp.JGT, Register.R4, Register.R3, out)
                .load(Size.H, Register.R5, Register.R2, 12).jump(JumpOp.JNE, Register.R5, 0x0008, out)
                .store(Size.W, Register.R10, -4, Register.R5).mov64(Register.R2, Register.R10)
                .alu64(dev.sluice.compiler.isa.AluOp.ADD, Register.R2, -4)
                .add(new Instruction.LoadImm64(Register.R1, Pseudo.MAP_FD, 0)).call(1)
                .bind(out).mov64(Register.R0, 2).exit();
        Path object = dir.resolve("ours.o");
        Files.write(object, ElfWriter.write(new BpfObject(List.of(new BpfObject.ProgramSection("xdp", "prog", b.build())),
                List.of(new BpfObject.MapDefinition("seen", 1, 4, 4, 16, 0)), "GPL")));
        agree(object);
    }

    @Test
    void onClangsObject() {
        agree(Path.of("..", "runtime", "src", "test", "resources", "clang", "count_xdp.o"));
    }

    /** relocations.c built by this machine's clang into {@code dir}. */
    static Path relocationsObject(Path dir) {
        String clang = KernelTests.tool("clang", "clang");
        Path object = dir.resolve("relocations.o");
        Shell.run(clang, "-O2", "-target", "bpf", "-g", "-w", "-c",
                Path.of("src", "test", "resources", "disasm", "relocations.c").toString(), "-o", object.toString());
        return object;
    }

    /**
     * clang's relocations of every kind (relocations.c, built with this machine's clang 14): each
     * instruction agrees with llvm-objdump -d -r, and each kind is named, where `sluice disasm` used
     * to print map[] or a bare call.
     */
    @Test
    void onClangsRelocations(@TempDir Path dir) {
        Path object = relocationsObject(dir);
        assertTrue(agree(object) > 100);
        String listing = MainTest.run("disasm", object.toString()).out();
        for (String form : List.of("r1 = map[counts]", " = map[.rodata][0]+8", " = map[.bss][0]+64", " = map[.data][0]+8",
                " = map[.rodata.str1.1][0]+0", " = map[.kconfig][0]+LINUX_KERNEL_VERSION",
                " = btf_id(bpf_task_storage_busy)", " = btf_id(bpf_prog_active)",
                "call kernel-function#bpf_rcu_read_lock", "call scaled", "call global_scaled", " = func(step)",
                " = func(step_back)")) {
            assertTrue(listing.contains(form), form + " missing from\n" + listing);
        }
        assertTrue(Pattern.compile("call pc\\+\\d+#weighted").matcher(listing).find(), listing);
        assertFalse(listing.contains("map[]"), listing);
        assertFalse(Pattern.compile("call\\s*$", Pattern.MULTILINE).matcher(listing).find(), listing);
    }
}
