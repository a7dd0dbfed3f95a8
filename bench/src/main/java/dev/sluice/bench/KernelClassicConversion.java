package dev.sluice.bench;

import java.util.List;

/**
 * A counting model of what Linux runs for a classic BPF socket filter: the number of eBPF
 * instructions {@code bpf_convert_filter} (net/core/filter.c, Linux 6.18) writes for a classic
 * program, on x86-64. A classic filter attached with SO_ATTACH_FILTER goes {@code
 * sk_attach_filter -> __get_filter -> bpf_prepare_filter -> bpf_migrate_filter}: x86-64 has no
 * classic JIT, so the program is converted to eBPF and the eBPF JIT compiles the result; the
 * converted program is not run through the verifier, so this count is what the kernel holds (its
 * "xlated" length), the like-for-like to Sluice's program as the kernel holds it after verification.
 * The kernel gives no way to read it back (a socket filter's converted program has no id), hence a
 * model, read from the kernel's source and checked on hand-counted listings
 * (KernelClassicConversionTest). Its rules and limits: docs/PERFORMANCE-PCAP.md, "What the kernel runs".
 */
public final class KernelClassicConversion {
    /** One classic instruction as {@code tcpdump -ddd} prints it: code, jt, jf and k in decimal. */
    public record ClassicInstruction(int code, int jt, int jf, int k) {
        /** Parses a {@code tcpdump -ddd} listing: a count line, then one instruction per line. */
        public static List<ClassicInstruction> parseDecimal(String listing) {
            List<String> lines = listing.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            int n = Integer.parseInt(lines.get(0));
            if (lines.size() != n + 1) throw new IllegalArgumentException("listing announces " + n + " instructions, has " + (lines.size() - 1));
            return lines.subList(1, n + 1).stream().map(l -> {
                String[] f = l.split("\\s+");
                if (f.length != 4) throw new IllegalArgumentException("not a classic instruction: " + l);
                return new ClassicInstruction(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                        (int) Long.parseLong(f[3]));
            }).toList();
        }
    }

    // Classic opcode fields (include/uapi/linux/bpf_common.h).
    private static final int LD = 0x00, LDX = 0x01, ST = 0x02, STX = 0x03, ALU = 0x04, JMP = 0x05, RET = 0x06, MISC = 0x07;
    private static final int W = 0x00, H = 0x08, B = 0x10;
    private static final int IMM = 0x00, ABS = 0x20, IND = 0x40, MEM = 0x60, LEN = 0x80, MSH = 0xa0;
    private static final int DIV = 0x30, NEG = 0x80, MOD = 0x90, XOR = 0xa0;
    private static final int JA = 0x00, JEQ = 0x10, JGT = 0x20, JGE = 0x30, JSET = 0x40;
    private static final int X = 0x08;
    private static final int RET_A = 0x10;
    /** SKF_AD_OFF (include/uapi/linux/filter.h): ancillary loads are {@code ld [SKF_AD_OFF + n]}. */
    private static final int SKF_AD_OFF = -0x1000;
    /** The "loads" ancillary numbers, SKF_AD_PROTOCOL .. SKF_AD_VLAN_TPID, and their converted lengths. */
    private static final int[] ANCILLARY_LENGTH = {
        2, // 0 PROTOCOL: a 16-bit load from the skb and a byte swap
        2, // 4 PKTTYPE: convert_skb_access, a byte load and a mask (little-endian bitfields)
        4, // 8 IFINDEX: skb->dev, a null test, exit, the field
        4, // 12 NLATTR: three argument moves and a call
        4, // 16 NLATTR_NEST
        1, // 20 MARK
        1, // 24 QUEUE
        4, // 28 HATYPE: as IFINDEX
        1, // 32 RXHASH
        4, // 36 CPU: three moves and a call
        1, // 40 ALU_XOR_X
        1, // 44 VLAN_TAG
        3, // 48 VLAN_TAG_PRESENT: vlan_all, a test, a move of 1
        4, // 52 PAY_OFFSET
        4, // 56 RANDOM
        2, // 60 VLAN_TPID: a 16-bit load and a byte swap
    };

    private KernelClassicConversion() {}

    /** The length of the converted program, in eBPF instructions (8-byte slots). */
    public static int convertedLength(List<ClassicInstruction> program) {
        if (program.isEmpty()) throw new IllegalArgumentException("empty classic program");
        // bpf_convert_filter's prologue: A = 0, X = 0 (two xors) and CTX = ARG1; with a packet
        // load anywhere, also skb->data, skb->len, skb->data_len and a subtraction (headlen).
        int length = 3;
        boolean packetLoads = false;
        for (int pc = 0; pc < program.size(); pc++) {
            ClassicInstruction insn = program.get(pc);
            forwardInRange(insn, pc, program.size());
            length += convertedLength(insn);
            packetLoads |= readsPacket(insn);
        }
        return length + (packetLoads ? 4 : 0);
    }

    /** What one classic instruction becomes, in bpf_convert_filter's switch on the opcode. */
    static int convertedLength(ClassicInstruction insn) {
        int code = insn.code();
        return switch (code & 0x07) {
            case ALU -> {
                int op = code & 0xf0;
                if (op > XOR) throw unknown(insn);
                if (op == NEG) yield 1;
                // A division or modulo by X first checks X for 0 (mov32 X, jne, A = 0, exit).
                yield (op == DIV || op == MOD) && (code & X) != 0 ? 5 : 1;
            }
            case LD -> switch (code & 0xe0) {
                case ABS -> absoluteLoad(code & 0x18, insn.k());
                case IND -> helperLoad(true, insn.k());
                case MEM, IMM, LEN -> 1; // a stack load, a mov32 of k, skb->len
                default -> throw unknown(insn);
            };
            case LDX -> switch (code & 0xe0) {
                // ldxb 4*([k]&0xf): X = A, the byte as an ABS load, A &= 0xf, A <<= 2, tmp = X, X = A, A = tmp
                case MSH -> 1 + absoluteLoad(B, insn.k()) + 5;
                case MEM, IMM, LEN, ABS -> 1; // ABS|W is seccomp's field load
                default -> throw unknown(insn);
            };
            case ST, STX -> 1; // a 32-bit store below the frame pointer
            case JMP -> jump(insn);
            case RET -> (code & 0x18) == RET_A ? 1 : 2; // ret #k is mov32 r0, k; exit
            case MISC -> 1; // tax, txa: a 64-bit move
            default -> throw unknown(insn);
        };
    }

    /**
     * convert_bpf_ld_abs for an ABS load (or convert_bpf_extensions for an ancillary one). x86-64
     * has efficient unaligned access, so every non-negative offset takes the inline fast path
     * first: tmp = headlen; tmp -= k (not when k is 0); if tmp s< size skip; the load (one
     * instruction up to k = S16_MAX, else three); a byte swap for a half word or word; goto past
     * the slow path. Then the slow path the fast one skips, {@link #helperLoad}.
     */
    private static int absoluteLoad(int size, int k) {
        if (k < 0 && k >= SKF_AD_OFF) {
            int n = k - SKF_AD_OFF;
            if (n % 4 != 0 || n / 4 >= ANCILLARY_LENGTH.length) throw new IllegalArgumentException("unknown ancillary load at " + k);
            return ANCILLARY_LENGTH[n / 4];
        }
        if (k < 0) return helperLoad(false, k); // SKF_NET_OFF, SKF_LL_OFF: no fast path
        int fast = 1 + (k != 0 ? 1 : 0) + 1 + (k <= Short.MAX_VALUE ? 1 : 3) + (size != B ? 1 : 0) + 1;
        return fast + helperLoad(false, k);
    }

    /**
     * The slow path of convert_bpf_ld_abs: arg1 = ctx, arg2 = data, arg3 = headlen, arg4 = k (ABS)
     * or X, plus k when not 0 (IND); the call to bpf_skb_load_helper_{8,16,32}; if A s>= 0 skip;
     * A = 0; exit. An IND load has no fast path.
     */
    private static int helperLoad(boolean indirect, int k) {
        int arguments = 3 + 1 + (indirect && k != 0 ? 1 : 0);
        return arguments + 1 + 3;
    }

    /**
     * Conditional jumps: a negative k is first moved into a register (mov32 tmp, k) and compared
     * as X; then one jump when jf is 0, or when jt is 0 and the test can be inverted (jeq, jgt, jge
     * to jne, jle, jlt: not jset); otherwise the jump on true and a goto for false.
     */
    private static int jump(ClassicInstruction insn) {
        int op = insn.code() & 0xf0;
        if (op == JA) return 1;
        if (op != JEQ && op != JGT && op != JGE && op != JSET) throw unknown(insn);
        int load = (insn.code() & X) == 0 && insn.k() < 0 ? 1 : 0;
        if (insn.jf() == 0) return load + 1;
        if (insn.jt() == 0 && op != JSET) return load + 1;
        return load + 2;
    }

    /**
     * bpf_check_classic refuses a jump that does not land forward inside the program (classic
     * jumps are unsigned offsets); libpcap's {@code protochain} loops with {@code ja} backwards, so
     * Linux refuses that filter and libpcap filters in user space instead.
     */
    private static void forwardInRange(ClassicInstruction insn, int pc, int length) {
        if ((insn.code() & 0x07) != JMP) return;
        boolean inRange = (insn.code() & 0xf0) == JA
                ? Integer.toUnsignedLong(insn.k()) < length - pc - 1
                : pc + insn.jt() + 1 < length && pc + insn.jf() + 1 < length;
        if (!inRange) throw new IllegalArgumentException("the kernel refuses the jump at " + pc + ": not forward inside the program");
    }

    /** Whether the instruction sets bpf_convert_filter's seen_ld_abs (a packet load, not an ancillary one). */
    private static boolean readsPacket(ClassicInstruction insn) {
        int code = insn.code();
        if ((code & 0x07) == LDX) return (code & 0xe0) == MSH;
        if ((code & 0x07) != LD) return false;
        if ((code & 0xe0) == IND) return true;
        return (code & 0xe0) == ABS && !(insn.k() < 0 && insn.k() >= SKF_AD_OFF);
    }

    private static IllegalArgumentException unknown(ClassicInstruction insn) {
        return new IllegalArgumentException("the kernel does not convert classic opcode 0x" + Integer.toHexString(insn.code()));
    }
}
