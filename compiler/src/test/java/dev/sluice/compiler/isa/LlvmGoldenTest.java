package dev.sluice.compiler.isa;

import static dev.sluice.compiler.isa.Register.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sluice.compiler.isa.Instruction.*;
import dev.sluice.compiler.testing.Requirements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our encoder and disassembler against LLVM 14's BPF assembler and disassembler, for every
 * instruction kind LLVM 14 knows ({@link LlvmSyntax}), each with fixed edge values and with random
 * fields from a fixed seed. All cases go into one assembler file, so the test runs {@code llvm-mc}
 * and {@code llvm-objdump} once each:
 * <ol>
 *   <li>(a) the file, in LLVM's syntax, is assembled by {@code llvm-mc}; the bytes of each
 *       instruction must equal our encoding. Kinds LLVM's parser cannot read are put in as
 *       {@code .byte} lines of our encoding.</li>
 *   <li>(b) {@code llvm-objdump} disassembles the object; each line, rewritten by
 *       {@link LlvmNormalisation}, must equal our {@link Disassembler} line modulo white space.</li>
 * </ol>
 */
class LlvmGoldenTest {

    private static final long SEED = 0x5eed_b9f0L;
    private static final int RANDOM_VARIANTS = 6;

    @Test
    void llvmAssemblesAndDisassemblesEveryKindLikeUs(@TempDir Path dir) throws IOException, InterruptedException {
        String llvmMc = Requirements.tool("llvm-mc", "llvm");
        String llvmObjdump = Requirements.tool("llvm-objdump", "llvm");

        List<Instruction> cases = cases();
        Source source = Source.of(cases);
        Path asm = dir.resolve("golden.s");
        Path obj = dir.resolve("golden.o");
        Files.writeString(asm, source.text);
        ExternalTool.check(llvmMc, "-triple", "bpf", "-mcpu=v3", "-filetype=obj", asm.toString(), "-o", obj.toString());
        Map<Integer, DumpLine> dump = parseObjdump(
                ExternalTool.check(llvmObjdump, "-d", "--mattr=+alu32", "--no-print-imm-hex", obj.toString()));

        int[] slots = new Code(cases).slotIndices();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Instruction insn = cases.get(i);
            DumpLine line = dump.remove(slots[i]);
            String where = "slot " + slots[i] + " " + insn + ": ";
            if (line == null) {
                failures.add(where + "no objdump line");
                continue;
            }
            byte[] ours = Encoder.encode(insn);
            if (!Arrays.equals(ours, line.bytes)) {
                String what = source.assembled.get(i) ? "(a) llvm-mc assembled '" + source.lines.get(i) + "' to " : "(b) bytes ";
                failures.add(where + what + SlotBytes.hex(line.bytes) + ", we encode " + SlotBytes.hex(ours));
                continue;
            }
            String expected = Disassembler.format(insn).replaceAll("\\s+", " ");
            String normalised = LlvmNormalisation.normalise(line.text, line.bytes);
            if (!expected.equals(normalised)) {
                failures.add(where + "(b) llvm-objdump '" + line.text + "' normalises to '" + normalised
                        + "', we print '" + expected + "'");
            }
        }
        if (!dump.isEmpty()) failures.add("objdump lines at slots we did not write: " + dump.keySet());
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + cases.size() + " instructions differ from LLVM 14:\n"
                    + String.join("\n", failures.subList(0, Math.min(60, failures.size()))));
        }
        long assembled = source.assembled.stream().filter(b -> b).count();
        assertTrue(assembled > cases.size() / 2, "only " + assembled + " cases went through llvm-mc's parser");
    }

    /** Every kind the golden cases must contain, derived from the model's enums. */
    @Test
    void theCasesCoverEveryKindLlvmKnows() {
        Set<String> expected = new LinkedHashSet<>();
        for (Instruction template : InstructionKinds.oneOfEach()) {
            if (LlvmSyntax.known(template)) expected.add(InstructionKinds.kind(template));
        }
        Set<String> covered = new LinkedHashSet<>();
        for (Instruction insn : cases()) covered.add(InstructionKinds.kind(insn));
        expected.removeAll(covered);
        assertEquals(Set.of(), expected, "kinds without a golden case");
        // 2 x 12 ALU ops x 2 sources - 2 NEG X; 6 swaps; 2 x 10 jumps x 2; ja; 3 calls; exit; 7 ld_imm64;
        // 6 packet loads; 4 ldx; 4 stx; 2 x 10 atomics.
        assertEquals(46 + 6 + 40 + 1 + 3 + 1 + 7 + 6 + 4 + 4 + 20, covered.size(), () -> String.join("\n", covered));
    }

    // ----- the cases -----

    /**
     * Random instances of every kind LLVM 14 knows ({@link #RANDOM_VARIANTS} + 1 each, from a fixed
     * seed), the extremes of every field, and local calls. Generators of kinds LLVM does not know
     * run too and their instructions are dropped, so that what is left out is decided by
     * {@link LlvmSyntax#known} alone.
     */
    static List<Instruction> cases() {
        List<Instruction> out = new ArrayList<>(edgeCases());
        List<Function<Random, Instruction>> kinds = InstructionKinds.generators();
        Random random = new Random(SEED);
        for (int v = 0; v <= RANDOM_VARIANTS; v++) {
            for (Function<Random, Instruction> kind : kinds) {
                Instruction insn = kind.apply(random);
                if (LlvmSyntax.known(insn)) out.add(insn);
            }
        }
        out.addAll(localCalls(out));
        return out;
    }

    /** Extremes of every field that the random ones may miss. */
    private static List<Instruction> edgeCases() {
        return List.of(
                Insns.alu64(AluOp.ADD, R10, Integer.MIN_VALUE),
                Insns.alu32(AluOp.MOV, R0, Integer.MAX_VALUE),
                Insns.alu32(AluOp.LSH, R9, R10),
                Insns.alu64(AluOp.ARSH, R1, -1),
                new Jump(false, JumpOp.JSGE, R10, Operand.imm(Integer.MIN_VALUE), Short.MIN_VALUE),
                new Jump(true, JumpOp.JLE, R0, Operand.reg(R10), Short.MAX_VALUE),
                Insns.ja(0), Insns.ja(Short.MIN_VALUE), Insns.ja(Short.MAX_VALUE),
                Insns.call(0), Insns.call(HelperNames.MAX_ID), Insns.call(HelperNames.MAX_ID + 1),
                Insns.call(-1), Insns.call(Integer.MAX_VALUE),
                Insns.ldImm64(R0, 0), Insns.ldImm64(R1, -1), Insns.ldImm64(R10, Long.MIN_VALUE),
                Insns.ldImm64(R2, Long.MAX_VALUE), Insns.ldImm64(R3, 0xffffffffL),
                Insns.ldMapFd(R1, 0), Insns.ldMapValue(R1, -1, -1),
                new LoadImm64(R1, Pseudo.FUNC, -1), new LoadImm64(R1, Pseudo.FUNC, 0xffffffffL),
                new LoadPacket(false, Size.W, R0, Integer.MIN_VALUE),
                new LoadPacket(true, Size.B, R10, 0),
                Insns.load(Size.DW, R10, R10, Short.MIN_VALUE),
                Insns.store(Size.B, R10, Short.MAX_VALUE, R10),
                new Atomic(Size.W, AtomicOp.CMPXCHG, R10, R0, Short.MIN_VALUE),
                new Atomic(Size.DW, AtomicOp.FETCH_XOR, R0, R10, Short.MAX_VALUE),
                Insns.exit());
    }

    /**
     * Local calls appended after {@code before}, to targets that are instruction starts: the first
     * instruction, the call itself, the next instruction, and the end of the code.
     */
    private static List<Instruction> localCalls(List<Instruction> before) {
        int slot = new Code(before).slotCount();
        List<Instruction> calls = new ArrayList<>();
        calls.add(new Call(CallKind.LOCAL, -(slot + 1)));  // to slot 0
        calls.add(new Call(CallKind.LOCAL, -1));           // to itself
        calls.add(new Call(CallKind.LOCAL, 0));            // to the next
        calls.add(new Call(CallKind.LOCAL, 0));            // to the end
        return calls;
    }

    // ----- the assembler file -----

    /** The assembler text for the cases, and which lines went through llvm-mc's parser. */
    private static final class Source {
        final String text;
        final List<String> lines = new ArrayList<>();
        final List<Boolean> assembled = new ArrayList<>();

        private Source(String text) {
            this.text = text;
        }

        static Source of(List<Instruction> cases) {
            int[] slots = new Code(cases).slotIndices();
            int end = new Code(cases).slotCount();
            Map<Integer, String> labels = new HashMap<>();
            for (int i = 0; i < cases.size(); i++) {
                if (cases.get(i) instanceof Call c && c.kind() == CallKind.LOCAL) {
                    int target = slots[i] + 1 + c.imm();
                    if (target < 0 || target > end || (target < end && Arrays.binarySearch(slots, target) < 0)) {
                        throw new IllegalStateException("local call at slot " + slots[i] + " to no instruction");
                    }
                    labels.put(target, ".Lslot" + target);
                }
            }
            StringBuilder text = new StringBuilder();
            List<String> lines = new ArrayList<>();
            List<Boolean> assembled = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                String label = labels.get(slots[i]);
                if (label != null) text.append(label).append(":\n");
                Instruction insn = cases.get(i);
                Optional<String> asm = insn instanceof Call c && c.kind() == CallKind.LOCAL
                        ? Optional.of("call .Lslot" + (slots[i] + 1 + c.imm()))
                        : LlvmSyntax.assembly(insn);
                String line = asm.orElseGet(() -> dotByte(Encoder.encode(insn)));
                lines.add(line);
                assembled.add(asm.isPresent());
                text.append(line).append('\n');
            }
            String last = labels.get(end);
            if (last != null) text.append(last).append(":\n");
            Source source = new Source(text.toString());
            source.lines.addAll(lines);
            source.assembled.addAll(assembled);
            return source;
        }

        private static String dotByte(byte[] bytes) {
            StringBuilder s = new StringBuilder(".byte ");
            for (int i = 0; i < bytes.length; i++) {
                if (i > 0) s.append(", ");
                s.append(String.format("0x%02x", bytes[i] & 0xff));
            }
            return s.toString();
        }
    }

    // ----- running LLVM -----

    private record DumpLine(byte[] bytes, String text) {}

    /** {@code <slot>:<tab><hex bytes><tab><text>}; other lines (headers, labels) are skipped. */
    private static final Pattern DUMP_LINE = Pattern.compile("^\\s*(\\d+):\\t((?:[0-9a-f]{2} )*[0-9a-f]{2})\\s*\\t(.*)$");

    private static Map<Integer, DumpLine> parseObjdump(String output) {
        Map<Integer, DumpLine> lines = new TreeMap<>();
        for (String line : output.split("\n")) {
            Matcher m = DUMP_LINE.matcher(line);
            if (!m.matches()) continue;
            String[] hex = m.group(2).split(" ");
            byte[] bytes = new byte[hex.length];
            for (int i = 0; i < hex.length; i++) bytes[i] = (byte) Integer.parseInt(hex[i], 16);
            lines.put(Integer.parseInt(m.group(1)), new DumpLine(bytes, m.group(3)));
        }
        return lines;
    }

}
