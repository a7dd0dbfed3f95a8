package dev.sluice.compiler.isa;

import java.util.List;
import java.util.function.BiFunction;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rewrites that turn a line of {@code llvm-objdump -d --mattr=+alu32} (LLVM 14) into the
 * kernel's syntax that {@link Disassembler} prints. Each rule is one syntactic difference and says
 * why it is only syntax. The rules run in order on the whole line; a rule may read the
 * instruction's bytes where LLVM's text leaves out a field the kernel's shows.
 */
public final class LlvmNormalisation {
    private LlvmNormalisation() {}

    record Rule(String name, String why, Pattern pattern, BiFunction<MatchResult, byte[], String> replacement) {
        Rule(String name, String why, String regex, BiFunction<MatchResult, byte[], String> replacement) {
            this(name, why, Pattern.compile(regex), replacement);
        }

        String apply(String line, byte[] bytes) {
            Matcher m = pattern.matcher(line);
            return m.replaceAll(match -> Matcher.quoteReplacement(replacement.apply(match, bytes)));
        }
    }

    static final List<Rule> RULES = List.of(
            new Rule("white space",
                    "objdump separates some mnemonics from operands with a tab (ld_pseudo); the comparison is"
                            + " modulo white space",
                    "\\s+", (m, b) -> " "),
            new Rule("jump target annotation",
                    "objdump appends the target's nearest symbol, <.text+0x30>, to jumps; the kernel prints the"
                            + " offset alone, and the offset is compared",
                    " <[^<>\\s]+>$", (m, b) -> ""),
            new Rule("memory operand",
                    "LLVM spaces the sign of a memory offset, (r1 + 4); the kernel prints it with %+d, (r1 +4)",
                    "\\((r\\d+) ([+-]) (\\d+)\\)", (m, b) -> "(" + m.group(1) + " " + m.group(2) + m.group(3) + ")"),
            new Rule("32-bit load value register",
                    "with +alu32 LLVM names the destination of a 1, 2 or 4-byte load w; the load zero-extends into"
                            + " the whole register and the kernel names it r",
                    "^w(\\d+) = \\*\\((u8|u16|u32) \\*\\)", (m, b) -> "r" + m.group(1) + " = *(" + m.group(2) + " *)"),
            new Rule("32-bit store value register",
                    "with +alu32 LLVM names the source of a 1, 2 or 4-byte store w; the kernel names it r",
                    "^(\\*\\((?:u8|u16|u32) \\*\\)\\(r\\d+ [+-]\\d+\\) = )w(\\d+)$",
                    (m, b) -> m.group(1) + "r" + m.group(2)),
            new Rule("32-bit atomic value register",
                    "LLVM names the value of a 32-bit lock operation w; the kernel prints r for it",
                    "^(lock \\*\\(u32 \\*\\)\\(r\\d+ [+-]\\d+\\) [-+|&^]= )w(\\d+)$",
                    (m, b) -> m.group(1) + "r" + m.group(2)),
            new Rule("atomic fetch",
                    "LLVM spells every fetch atomic_fetch_<op> and names 32-bit operands w; the kernel spells"
                            + " the 64-bit ones atomic64_fetch_<op> and names r registers",
                    "^[rw](\\d+) = atomic_fetch_(add|or|and|xor)\\(\\((u32|u64) \\*\\)(\\(r\\d+ [+-]\\d+\\)), [rw](\\d+)\\)$",
                    (m, b) -> "r" + m.group(1) + " = atomic" + (m.group(3).equals("u64") ? "64" : "") + "_fetch_"
                            + m.group(2) + "((" + m.group(3) + " *)" + m.group(4) + ", r" + m.group(5) + ")"),
            new Rule("atomic exchange",
                    "LLVM writes xchg_64(r1 + 0, r2) and xchg32_32(r1 + 0, w2); the kernel writes"
                            + " atomic64_xchg((u64 *)(r1 +0), r2) and atomic_xchg((u32 *)(r1 +0), r2)",
                    "^[rw](\\d+) = xchg(?:32)?_(32|64)\\((r\\d+) ([+-]) (\\d+), [rw](\\d+)\\)$",
                    (m, b) -> "r" + m.group(1) + " = atomic" + (m.group(2).equals("64") ? "64" : "") + "_xchg((u"
                            + m.group(2) + " *)(" + m.group(3) + " " + m.group(4) + m.group(5) + "), r" + m.group(6)
                            + ")"),
            new Rule("atomic compare-exchange",
                    "LLVM writes cmpxchg_64(r1 + 0, r0, r2) and cmpxchg32_32(r1 + 0, w0, w2); the kernel writes"
                            + " atomic64_cmpxchg((u64 *)(r1 +0), r0, r2) and atomic_cmpxchg((u32 *)(r1 +0), r0, r2)",
                    "^[rw]0 = cmpxchg(?:32)?_(32|64)\\((r\\d+) ([+-]) (\\d+), [rw]0, [rw](\\d+)\\)$",
                    (m, b) -> "r0 = atomic" + (m.group(1).equals("64") ? "64" : "") + "_cmpxchg((u" + m.group(1)
                            + " *)(" + m.group(2) + " " + m.group(3) + m.group(4) + "), r0, r" + m.group(5) + ")"),
            new Rule("64-bit immediate",
                    "LLVM prints the value of ld_imm64 in signed decimal with an ll suffix; the kernel prints the"
                            + " u64 in hex",
                    "^(r\\d+) = (-?\\d+) ll$",
                    (m, b) -> m.group(1) + " = 0x" + Long.toHexString(Long.parseLong(m.group(2)))),
            new Rule("pseudo 64-bit load",
                    "LLVM prints ld_pseudo <dst>, <source kind>, <first immediate, unsigned> and nothing of the"
                            + " second slot; the kernel prints a number, Disassembler names the kind. The offset of"
                            + " map_value and map_idx_value is the second slot's immediate, taken from the bytes;"
                            + " the golden cases keep the other kinds' second immediate 0 (for func, 0 or the"
                            + " offset's sign), which LLVM cannot show",
                    "^ld_pseudo (r\\d+), (\\d+), (\\d+)$",
                    (m, b) -> m.group(1) + " = " + pseudo(Integer.parseInt(m.group(2)), Long.parseLong(m.group(3)), b)),
            new Rule("call",
                    "LLVM prints call <imm> for helpers, local calls and kfuncs alike. The source register in"
                            + " the bytes tells them apart: a helper is call bpf_<name>#<id> (names checked against"
                            + " the kernel by HelperNamesTest), a local call call pc<+offset>, a kfunc"
                            + " call kernel-function#<btf id>",
                    "^call (-?\\d+)$",
                    (m, b) -> call((b[1] >> 4) & 0xf, Integer.parseInt(m.group(1)))),
            new Rule("indirect packet load",
                    "LLVM's syntax for LD_IND has no immediate (skb[r1]); the golden cases keep it 0, which the"
                            + " kernel's syntax shows as skb[r1 +0]",
                    "skb\\[(r\\d+)\\]", (m, b) -> "skb[" + m.group(1) + " +0]"));

    public static String normalise(String llvmLine, byte[] bytes) {
        String line = llvmLine.strip();
        for (Rule rule : RULES) line = rule.apply(line, bytes);
        return line;
    }

    private static String pseudo(int kind, long firstImm, byte[] bytes) {
        long second = (bytes[12] & 0xffL) | (bytes[13] & 0xffL) << 8 | (bytes[14] & 0xffL) << 16 | (bytes[15] & 0xffL) << 24;
        switch (kind) {
            case 1: return "map_fd(" + firstImm + ")";
            case 2: return "map_value(" + firstImm + ")+" + second;
            case 3: return "btf_id(" + firstImm + ")";
            case 4: {
                int offset = (int) firstImm;
                return "func(pc" + (offset < 0 ? "" : "+") + offset + ")";
            }
            case 5: return "map_idx(" + firstImm + ")";
            case 6: return "map_idx_value(" + firstImm + ")+" + second;
            default: throw new IllegalArgumentException("LLVM printed pseudo source " + kind);
        }
    }

    private static String call(int source, int imm) {
        switch (source) {
            case 0: return "call " + HelperNames.of(imm).orElse("") + "#" + imm;
            case 1: return "call pc" + (imm < 0 ? "" : "+") + imm;
            case 2: return "call kernel-function#" + imm;
            default: throw new IllegalArgumentException("call with source register " + source);
        }
    }
}
