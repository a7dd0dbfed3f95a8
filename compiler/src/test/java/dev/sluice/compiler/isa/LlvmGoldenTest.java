package dev.sluice.compiler.isa;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.isa.Instruction.*;
import dev.sluice.testing.Requirements;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our encoder and disassembler against this machine's LLVM 14, for every instruction kind LLVM 14
 * knows (ISA v1 to v3; it has no MOD, no JSET, no ST of an immediate, no 32-bit atomics but add, and no v4):
 * <ol>
 * <li>our disassembly, turned into LLVM's syntax by {@link #llvmSyntax}, assembled by
 *     {@code llvm-mc -triple bpf -mcpu=v3}, gives our encoder's bytes, for every instruction LLVM
 *     14's assembler parses;
 * <li>{@code llvm-objdump -d} of our bytes prints that same text modulo white space, for every
 *     instruction its disassembler knows (which adds map loads and the fetching atomics, whose
 *     printed form its own assembler rejects).
 * </ol>
 * The differences between the kernel's syntax (ours) and LLVM's, each rewritten by llvmSyntax:
 * <ul>
 * <li>{@code call bpf_map_lookup_elem#1}: LLVM prints the helper id alone, {@code call 1};
 * <li>{@code r1 = 0x1234}: LLVM prints 64-bit immediates in signed decimal with an {@code ll} suffix;
 * <li>{@code if r1 > 0xffffffff goto}: the kernel prints jump immediates in hex, LLVM in signed decimal;
 * <li>{@code (r1 +4)}: LLVM spaces the sign, {@code (r1 + 4)};
 * <li>{@code r0 = *(u16 *)skb[r1 + 0]}: LLVM prints no immediate for LD_IND (it must be 0 here);
 * <li>{@code r1 = map[fd:3]} and {@code map[fd:3][0]+0}: LLVM prints {@code ld_pseudo r1, 1, 3} and
 *     {@code ld_pseudo r1, 2, 3} (it drops a value offset, so that is 0 here);
 * <li>{@code atomic64_fetch_add((u64 *)(r1 +0), r2)}: LLVM writes {@code atomic_fetch_add(...)},
 *     {@code xchg_64(r1 + 0, r2)} and {@code cmpxchg_64(r1 + 0, r0, r2)};
 * <li>{@code lock *(u32 *)(r1 +8) += r2}: LLVM's assembler wants the 32-bit operand as {@code w2}
 *     (its disassembler prints {@code r2}, as the kernel does).
 * </ul>
 */
class LlvmGoldenTest {
    static String llvmMc;
    static String llvmObjdump;

    @BeforeAll
    static void tools() {
        llvmMc = Requirements.tool("llvm-mc", "llvm");
        llvmObjdump = Requirements.tool("llvm-objdump", "llvm");
    }

    /** Instructions LLVM 14's assembler parses, three random variants of each kind. */
    static List<Instruction> assemblerKnown() {
        Random random = new Random(20261125);
        List<Instruction> out = new ArrayList<>();
        for (int variant = 0; variant < 3; variant++) {
            for (boolean wide : new boolean[] {true, false}) {
                for (AluOp op : AluOp.values()) {
                    if (op.offset() != 0) continue; // SDIV, SMOD, MOVSX: v4
                    if (op == AluOp.MOD) continue; // LLVM before 17 has no modulo instruction
                    if (op == AluOp.NEG) {
                        out.add(new Alu(wide, op, reg(random), Operand.imm(0)));
                        continue;
                    }
                    out.add(new Alu(wide, op, reg(random), Operand.reg(reg(random))));
                    out.add(new Alu(wide, op, reg(random), Operand.imm(imm(random))));
                }
                for (JumpOp op : JumpOp.values()) {
                    if (op == JumpOp.JSET) continue;
                    out.add(new Jump(!wide, op, reg(random), Operand.reg(reg(random)), offset(random)));
                    out.add(new Jump(!wide, op, reg(random), Operand.imm(imm(random)), offset(random)));
                }
            }
            for (int bits : new int[] {16, 32, 64}) {
                out.add(new ByteSwap(ByteSwap.ByteOrder.TO_LE, bits, reg(random)));
                out.add(new ByteSwap(ByteSwap.ByteOrder.TO_BE, bits, reg(random)));
            }
            out.add(new Goto(offset(random), false));
            out.add(new Call(CallKind.HELPER, 1 + random.nextInt(200)));
            out.add(new Exit());
            out.add(new LoadImm64(reg(random), Pseudo.NONE, random.nextLong()));
            for (Size size : new Size[] {Size.B, Size.H, Size.W}) {
                out.add(new LoadPacket(false, size, Register.R0, Math.abs(imm(random))));
                out.add(new LoadPacket(true, size, reg(random), 0));
            }
            for (Size size : Size.values()) {
                out.add(new Load(size, reg(random), reg(random), offset(random), false));
                out.add(new Store(size, reg(random), offset(random), Operand.reg(reg(random))));
            }
            out.add(new Atomic(Size.W, AtomicOp.ADD, reg(random), reg(random), offset(random)));
            for (AtomicOp op : new AtomicOp[] {AtomicOp.ADD, AtomicOp.OR, AtomicOp.AND, AtomicOp.XOR}) {
                out.add(new Atomic(Size.DW, op, reg(random), reg(random), offset(random)));
            }
        }
        return out;
    }

    /** Instructions LLVM 14 disassembles but cannot assemble back. */
    static List<Instruction> disassemblerOnly() {
        Random random = new Random(7);
        List<Instruction> out = new ArrayList<>();
        for (int variant = 0; variant < 3; variant++) {
            out.add(new LoadImm64(reg(random), Pseudo.MAP_FD, random.nextInt(1000)));
            out.add(new LoadImm64(reg(random), Pseudo.MAP_VALUE, random.nextInt(1000)));
            for (AtomicOp op : new AtomicOp[] {AtomicOp.FETCH_ADD, AtomicOp.FETCH_OR, AtomicOp.FETCH_AND,
                    AtomicOp.FETCH_XOR, AtomicOp.XCHG, AtomicOp.CMPXCHG}) {
                out.add(new Atomic(Size.DW, op, reg(random), reg(random), offset(random)));
            }
        }
        return out;
    }

    static Register reg(Random r) {
        return Register.of(r.nextInt(11));
    }

    static int imm(Random r) {
        switch (r.nextInt(4)) {
            case 0: return r.nextInt();
            case 1: return r.nextInt(64) - 32;
            case 2: return r.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE;
            default: return r.nextInt(1 << 16);
        }
    }

    static int offset(Random r) {
        return r.nextBoolean() ? r.nextInt(1 << 16) - (1 << 15) : r.nextInt(64) - 32;
    }

    private static final Pattern HEX = Pattern.compile("0x([0-9a-f]+)");
    private static final Pattern MEMORY = Pattern.compile("\\((r\\d+) ([+-])(\\d+)\\)");

    /** Our kernel-syntax text rewritten into LLVM 14's syntax (see the class comment). */
    static String llvmSyntax(Instruction insn) {
        return llvmSyntax(insn, false);
    }

    static String llvmSyntax(Instruction insn, boolean forAssembler) {
        String text = Disassembler.format(insn);
        if (insn instanceof Call c && c.kind() == CallKind.HELPER) return "call " + c.imm();
        if (insn instanceof LoadImm64 l) {
            switch (l.source()) {
                case MAP_FD: return "ld_pseudo " + l.dst() + ", 1, " + (int) l.imm();
                case MAP_VALUE: return "ld_pseudo " + l.dst() + ", 2, " + (int) l.imm();
                default: return l.dst() + " = " + l.imm() + " ll";
            }
        }
        if (insn instanceof Jump) {
            Matcher m = HEX.matcher(text);
            if (m.find()) text = m.replaceFirst(Integer.toString((int) Long.parseLong(m.group(1), 16)));
        }
        if (insn instanceof LoadPacket p && p.indirect()) text = text.replace(" + 0]", "]");
        text = MEMORY.matcher(text).replaceAll("($1 $2 $3)");
        if (insn instanceof Atomic a) {
            String src = a.src().toString();
            String at = a.dst() + " " + (a.offset() < 0 ? "- " + -a.offset() : "+ " + a.offset());
            switch (a.op()) {
                case XCHG: return src + " = xchg_64(" + at + ", " + src + ")";
                case CMPXCHG: return "r0 = cmpxchg_64(" + at + ", r0, " + src + ")";
                default:
                    text = text.replace("atomic64_", "atomic_");
                    if (a.size() == Size.W && forAssembler) text = text.replace("= " + src, "= w" + a.src().number());
            }
        }
        return text;
    }

    static String squash(String s) {
        return s.replaceAll("\\s+", "");
    }

    static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + "\n" + out);
        return out;
    }

    @Test
    void llvmMcAssemblesOurTextToOurBytes(@TempDir Path dir) throws Exception {
        List<Instruction> cases = assemblerKnown();
        StringBuilder source = new StringBuilder();
        for (Instruction insn : cases) source.append(llvmSyntax(insn, true)).append('\n');
        Files.writeString(dir.resolve("cases.s"), source);
        String out = run(dir, llvmMc, "-triple", "bpf", "-mcpu=v3", "-show-encoding", "cases.s");
        Matcher m = Pattern.compile("encoding: \\[([^\\]]*)\\]").matcher(out);
        int i = 0;
        while (m.find()) {
            assertTrue(i < cases.size(), "more encodings than instructions");
            String llvm = m.group(1).replace("0x", "").replace(",", "");
            String ours = HexFormat.of().formatHex(Encoder.encode(cases.get(i)));
            assertEquals(llvm, ours, "llvm-mc and Sluice encode `" + llvmSyntax(cases.get(i), true) + "` differently");
            i++;
        }
        assertEquals(cases.size(), i, "llvm-mc encoded " + i + " of " + cases.size() + " instructions:\n" + out);
        assertTrue(cases.size() > 250, "golden cases " + cases.size());
    }

    @Test
    void llvmObjdumpPrintsOurDisassembly(@TempDir Path dir) throws Exception {
        List<Instruction> cases = new ArrayList<>(assemblerKnown());
        cases.addAll(disassemblerOnly());
        StringBuilder source = new StringBuilder(".text\n");
        for (Instruction insn : cases) {
            byte[] bytes = Encoder.encode(insn);
            source.append(".byte ");
            for (int b = 0; b < bytes.length; b++) source.append(b == 0 ? "" : ",").append(bytes[b] & 0xff);
            source.append('\n');
        }
        Files.writeString(dir.resolve("bytes.s"), source);
        run(dir, llvmMc, "-triple", "bpf", "-filetype=obj", "-o", "bytes.o", "bytes.s");
        String out = run(dir, llvmObjdump, "-d", "--no-show-raw-insn", "--mcpu=v3", "bytes.o");
        Matcher m = Pattern.compile("(?m)^\\s*(\\d+):\\s*(.+)$").matcher(out);
        java.util.Map<Integer, String> bySlot = new java.util.HashMap<>();
        // llvm-objdump annotates jump targets, "goto +13 <.text+0x128>": an annotation, not syntax.
        while (m.find()) bySlot.put(Integer.parseInt(m.group(1)), m.group(2).replaceAll("\\s*<[^<>\\s]*>$", "").strip());
        int slot = 0;
        for (Instruction insn : cases) {
            String llvm = bySlot.get(slot);
            assertNotNull(llvm, "llvm-objdump printed nothing at slot " + slot);
            assertEquals(squash(llvmSyntax(insn)), squash(llvm), "at slot " + slot + ", ours: " + Disassembler.format(insn));
            slot += insn.slots();
        }
    }
}
