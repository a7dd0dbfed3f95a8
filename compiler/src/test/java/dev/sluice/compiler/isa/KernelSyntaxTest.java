package dev.sluice.compiler.isa;

import static dev.sluice.compiler.isa.Register.R0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sluice.compiler.isa.Instruction.*;
import dev.sluice.compiler.testing.Requirements;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our disassembler against the kernel's own ({@code kernel/bpf/disasm.c}) on this machine. Since
 * Linux 6.15 a verifier log of level 2 starts with the whole program, each instruction printed by
 * the kernel ("Live regs before insn"), before any instruction is checked; so the program need not
 * pass the verifier, only its control-flow check. The program holds random instructions of every
 * kind, with every jump to the next instruction so that all code is reachable, put into an ELF
 * object by {@code llvm-mc} and loaded by {@code bpftool -d}.
 *
 * <p>Left out: 64-bit loads with a pseudo source (the kernel resolves map fds and BTF ids before
 * it prints) and kfunc calls (it looks the BTF id up first).
 */
class KernelSyntaxTest {

    private static final long SEED = 0x6b65726eL;
    private static final int VARIANTS = 4;

    /**
     * Our deliberate differences from the kernel's text, as documented on {@link Disassembler},
     * applied to the kernel's line.
     */
    static final List<Rule> KERNEL_TO_OURS = List.of(
            new Rule("jump offsets: the kernel prints goto pc+5, we print goto +5 (local calls keep pc+5)",
                    "\\b(goto|gotol) pc([+-]\\d+)$", m -> m.group(1) + " " + m.group(2)),
            new Rule("jump immediates: the kernel prints them as unsigned hex, we in signed decimal",
                    "^if (w|r)(\\d+) (\\S+) 0x([0-9a-f]+) goto",
                    m -> "if " + m.group(1) + m.group(2) + " " + m.group(3) + " "
                            + (int) Long.parseLong(m.group(4), 16) + " goto"),
            new Rule("indirect packet load: the kernel prints skb[r1 + 4], we print skb[r1 +4]",
                    "skb\\[(r\\d+) \\+ (-?)(\\d+)\\]",
                    m -> "skb[" + m.group(1) + " " + (m.group(2).isEmpty() ? "+" : "-") + m.group(3) + "]"),
            new Rule("unknown helper: the kernel prints call unknown#N, we print call #N",
                    "^call unknown#", m -> "call #"));

    record Rule(String why, Pattern pattern, Function<MatchResult, String> replacement) {
        Rule(String why, String regex, Function<MatchResult, String> replacement) {
            this(why, Pattern.compile(regex), replacement);
        }

        String apply(String line) {
            Matcher m = pattern.matcher(line);
            return m.replaceAll(match -> Matcher.quoteReplacement(replacement.apply(match)));
        }
    }

    @Test
    void theKernelPrintsOurInstructionsAsWeDo(@TempDir Path dir) throws IOException, InterruptedException {
        String llvmMc = Requirements.tool("llvm-mc", "llvm");
        String bpftool = Requirements.tool("bpftool", "bpftool");
        File bpffs = new File("/sys/fs/bpf");
        Requirements.require(bpffs.isDirectory() && bpffs.canWrite(), "no writable bpffs at /sys/fs/bpf");

        List<Instruction> program = program();
        Path asm = dir.resolve("kernel.s");
        Path obj = dir.resolve("kernel.o");
        Files.writeString(asm, elfSource(program));
        ExternalTool.check(llvmMc, "-triple", "bpf", "-filetype=obj", asm.toString(), "-o", obj.toString());

        String pin = "/sys/fs/bpf/sluice_isa_syntax_" + ProcessHandle.current().pid();
        ExternalTool.Result load;
        try {
            load = ExternalTool.run(bpftool, "-d", "prog", "load", obj.toString(), pin);
        } finally {
            // Loading is not the point, but should the random program verify, it must not stay pinned.
            Files.deleteIfExists(Path.of(pin));
        }
        String log = load.out() + load.err();
        Map<Integer, KernelLine> kernel = parseLiveRegs(log);
        Requirements.require(!kernel.isEmpty(),
                "the verifier log has no 'Live regs before insn' listing (Linux 6.15 or later, root):\n"
                        + tail(log));

        int[] slots = new Code(program).slotIndices();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < program.size(); i++) {
            Instruction insn = program.get(i);
            KernelLine line = kernel.remove(slots[i]);
            String where = "slot " + slots[i] + " " + insn + ": ";
            if (line == null) {
                failures.add(where + "the kernel printed nothing");
                continue;
            }
            int opcode = Encoder.encode(insn)[0] & 0xff;
            String ours = Disassembler.format(insn);
            String theirs = line.text;
            for (Rule rule : KERNEL_TO_OURS) theirs = rule.apply(theirs);
            if (line.opcode != opcode || !ours.equals(theirs)) {
                failures.add(where + String.format("kernel '(%02x) %s' reads as '(%02x) %s', we print '(%02x) %s'",
                        line.opcode, line.text, line.opcode, theirs, opcode, ours));
            }
        }
        if (!kernel.isEmpty()) failures.add("the kernel printed slots we did not write: " + kernel.keySet());
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + program.size() + " instructions differ from the kernel's text:\n"
                    + String.join("\n", failures.subList(0, Math.min(60, failures.size()))));
        }
    }

    /** Every kind the program must contain: all but pseudo loads and kfunc calls. */
    @Test
    void theProgramHasEveryKindTheKernelCanPrintUnresolved() {
        Set<String> expected = new LinkedHashSet<>();
        for (Instruction insn : InstructionKinds.oneOfEach()) {
            if (printable(insn)) expected.add(InstructionKinds.kind(insn));
        }
        Set<String> covered = new LinkedHashSet<>();
        for (Instruction insn : program()) covered.add(InstructionKinds.kind(insn));
        expected.removeAll(covered);
        assertEquals(Set.of(), expected, "kinds missing from the program");
    }

    /**
     * Random instructions of every kind, jumps made to fall through, then a call of a local
     * function that returns: {@code call pc+1; exit; r0 = 0; exit}.
     */
    static List<Instruction> program() {
        Random random = new Random(SEED);
        List<Instruction> out = new ArrayList<>();
        for (int v = 0; v < VARIANTS; v++) {
            for (Function<Random, Instruction> kind : InstructionKinds.generators()) {
                Instruction insn = kind.apply(random);
                if (insn instanceof Exit || !printable(insn)) continue;
                out.add(fallThrough(insn));
            }
        }
        out.add(new Call(CallKind.LOCAL, 1));
        out.add(new Exit());
        out.add(Insns.mov64(R0, 0));
        out.add(new Exit());
        return out;
    }

    private static boolean printable(Instruction insn) {
        if (insn instanceof LoadImm64 l) return l.source() == Pseudo.NONE;
        if (insn instanceof Call c) return c.kind() != CallKind.KFUNC;
        return true;
    }

    private static Instruction fallThrough(Instruction insn) {
        if (insn instanceof Jump j) return new Jump(j.jmp32(), j.op(), j.dst(), j.src(), 0);
        if (insn instanceof Goto g) return new Goto(0, g.wide());
        return insn;
    }

    /**
     * An ELF object with the program in section {@code socket} (a socket filter) and a GPL license.
     * libbpf accepts a bpf-to-bpf call only as a relocation against a function in {@code .text},
     * which it appends to the program and then points the call at; so the program's tail, from its
     * one local call on, is written as {@code call sub; exit} and {@code .text} holds {@code sub}.
     */
    private static String elfSource(List<Instruction> program) {
        int call = program.size() - 4;
        if (!(program.get(call) instanceof Call c && c.kind() == CallKind.LOCAL && c.imm() == 1)) {
            throw new IllegalArgumentException("the program must end in call pc+1; exit; <sub>; exit");
        }
        StringBuilder s = new StringBuilder()
                .append("\t.section socket,\"ax\",@progbits\n")
                .append("\t.globl prog\n\t.type prog,@function\nprog:\n");
        appendBytes(s, program.subList(0, call));
        s.append("\tcall sub\n");
        appendBytes(s, program.subList(call + 1, call + 2));
        s.append(".Lend:\n\t.size prog, .Lend-prog\n");
        s.append("\t.text\n\t.type sub,@function\nsub:\n");
        appendBytes(s, program.subList(call + 2, program.size()));
        s.append(".Lsub_end:\n\t.size sub, .Lsub_end-sub\n");
        return s.append("\t.section license,\"aw\",@progbits\n\t.asciz \"GPL\"\n").toString();
    }

    private static void appendBytes(StringBuilder s, List<Instruction> instructions) {
        byte[] bytes = Encoder.encode(instructions);
        for (int at = 0; at < bytes.length; at += 8) {
            s.append("\t.byte ");
            for (int i = 0; i < 8; i++) s.append(i == 0 ? "" : ", ").append(bytes[at + i] & 0xff);
            s.append('\n');
        }
    }

    private record KernelLine(int opcode, String text) {}

    /** {@code   12: ..2.456789 (0c) w2 += w2} under the heading {@code Live regs before insn:}. */
    private static final Pattern LIVE_REGS_LINE = Pattern.compile("^\\s*(\\d+): [.0-9]{10} \\(([0-9a-f]{2})\\) (.*)$");

    private static Map<Integer, KernelLine> parseLiveRegs(String log) {
        Map<Integer, KernelLine> lines = new TreeMap<>();
        int start = log.indexOf("Live regs before insn:");
        if (start < 0) return lines;
        for (String line : log.substring(start).split("\n")) {
            Matcher m = LIVE_REGS_LINE.matcher(line);
            if (m.matches()) {
                lines.putIfAbsent(Integer.parseInt(m.group(1)),
                        new KernelLine(Integer.parseInt(m.group(2), 16), m.group(3).strip()));
            }
        }
        return lines;
    }

    private static String tail(String log) {
        String[] lines = log.split("\n");
        return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 40), lines.length));
    }
}
