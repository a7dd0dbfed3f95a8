package dev.sluice.compiler.isa;

import static dev.sluice.compiler.isa.Register.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.sluice.compiler.isa.Instruction.*;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DisassemblerTest {

    static Stream<Arguments> lines() {
        return Stream.of(
                // ALU
                line(Insns.mov64(R0, 0), "r0 = 0"),
                line(Insns.mov32(R1, -1), "w1 = -1"),
                line(Insns.mov64(R6, R1), "r6 = r1"),
                line(Insns.alu32(AluOp.ADD, R1, R2), "w1 += w2"),
                line(Insns.alu64(AluOp.SUB, R1, 7), "r1 -= 7"),
                line(Insns.alu64(AluOp.MUL, R1, R2), "r1 *= r2"),
                line(Insns.alu64(AluOp.DIV, R1, 3), "r1 /= 3"),
                line(Insns.alu64(AluOp.SDIV, R1, R2), "r1 s/= r2"),
                line(Insns.alu32(AluOp.SMOD, R1, -3), "w1 s%= -3"),
                line(Insns.alu64(AluOp.MOD, R1, R2), "r1 %= r2"),
                line(Insns.alu64(AluOp.OR, R1, 0x10), "r1 |= 16"),
                line(Insns.alu32(AluOp.AND, R1, R2), "w1 &= w2"),
                line(Insns.alu64(AluOp.LSH, R1, 3), "r1 <<= 3"),
                line(Insns.alu64(AluOp.RSH, R1, R2), "r1 >>= r2"),
                line(Insns.alu64(AluOp.ARSH, R1, 63), "r1 s>>= 63"),
                line(Insns.alu32(AluOp.XOR, R3, R4), "w3 ^= w4"),
                line(Insns.alu64(AluOp.NEG, R1, 0), "r1 = -r1"),
                line(Insns.alu32(AluOp.NEG, R1, 0), "w1 = -w1"),
                line(Insns.alu64(AluOp.MOVSX8, R1, R2), "r1 = (s8)r2"),
                line(Insns.alu32(AluOp.MOVSX16, R1, R2), "w1 = (s16)w2"),
                line(Insns.alu64(AluOp.MOVSX32, R1, R2), "r1 = (s32)r2"),
                // byte swaps: the kernel names r registers for all three
                line(new ByteSwap(ByteSwap.ByteOrder.TO_BE, 16, R1), "r1 = be16 r1"),
                line(new ByteSwap(ByteSwap.ByteOrder.TO_LE, 32, R2), "r2 = le32 r2"),
                line(new ByteSwap(ByteSwap.ByteOrder.SWAP, 64, R1), "r1 = bswap64 r1"),
                // jumps
                line(Insns.jump(JumpOp.JGT, R2, R3, 5), "if r2 > r3 goto +5"),
                line(new Jump(true, JumpOp.JSLT, R2, Operand.imm(7), -3), "if w2 s< 7 goto -3"),
                line(Insns.jump(JumpOp.JSET, R1, 0x80, 0), "if r1 & 128 goto +0"),
                line(Insns.jump(JumpOp.JNE, R1, -1, 1), "if r1 != -1 goto +1"),
                line(new Jump(false, JumpOp.JSLE, R9, Operand.reg(R10), -32768), "if r9 s<= r10 goto -32768"),
                line(Insns.ja(5), "goto +5"),
                line(Insns.ja(-1), "goto -1"),
                line(new Goto(70000, true), "gotol +70000"),
                line(new Goto(-70000, true), "gotol -70000"),
                // calls
                line(Insns.call(1), "call bpf_map_lookup_elem#1"),
                line(Insns.call(181), "call bpf_loop#181"),
                line(Insns.call(0), "call bpf_unspec#0"),
                line(Insns.call(9999), "call #9999"),
                line(Insns.call(-1), "call #-1"),
                line(new Call(CallKind.LOCAL, 7), "call pc+7"),
                line(new Call(CallKind.LOCAL, -12), "call pc-12"),
                line(new Call(CallKind.KFUNC, 12345), "call kernel-function#12345"),
                line(Insns.exit(), "exit"),
                // 64-bit immediates
                line(Insns.ldImm64(R1, 0x1234), "r1 = 0x1234"),
                line(Insns.ldImm64(R1, -1), "r1 = 0xffffffffffffffff"),
                line(Insns.ldImm64(R0, 0), "r0 = 0x0"),
                line(Insns.ldMapFd(R1, 3), "r1 = map_fd(3)"),
                line(new LoadImm64(R1, Pseudo.MAP_FD, 5L << 32 | 3), "r1 = map_fd(3, hi=0x5)"),
                line(Insns.ldMapValue(R1, 3, 8), "r1 = map_value(3)+8"),
                line(Insns.ldMapValue(R2, -1, -1), "r2 = map_value(4294967295)+4294967295"),
                line(new LoadImm64(R1, Pseudo.BTF_ID, 77), "r1 = btf_id(77)"),
                line(new LoadImm64(R1, Pseudo.BTF_ID, 4L << 32 | 77), "r1 = btf_id(77, btf_fd=4)"),
                line(new LoadImm64(R1, Pseudo.FUNC, 5), "r1 = func(pc+5)"),
                line(new LoadImm64(R1, Pseudo.FUNC, -5), "r1 = func(pc-5)"),
                line(new LoadImm64(R1, Pseudo.FUNC, 0xfffffffbL), "r1 = func(pc-5)"),
                line(new LoadImm64(R1, Pseudo.FUNC, 1L << 32 | 5), "r1 = func(pc+5, hi=0x1)"),
                line(new LoadImm64(R1, Pseudo.MAP_IDX, 2), "r1 = map_idx(2)"),
                line(new LoadImm64(R1, Pseudo.MAP_IDX_VALUE, 16L << 32 | 2), "r1 = map_idx_value(2)+16"),
                // packet loads
                line(new LoadPacket(false, Size.B, R0, 4), "r0 = *(u8 *)skb[4]"),
                line(new LoadPacket(true, Size.H, R1, 4), "r0 = *(u16 *)skb[r1 +4]"),
                line(new LoadPacket(true, Size.W, R7, -2), "r0 = *(u32 *)skb[r7 -2]"),
                // memory
                line(Insns.load(Size.W, R0, R1, 4), "r0 = *(u32 *)(r1 +4)"),
                line(Insns.load(Size.DW, R0, R10, -8), "r0 = *(u64 *)(r10 -8)"),
                line(new Load(Size.B, R0, R1, 0, true), "r0 = *(s8 *)(r1 +0)"),
                line(new Load(Size.W, R0, R1, 2, true), "r0 = *(s32 *)(r1 +2)"),
                line(Insns.store(Size.DW, R10, -8, R1), "*(u64 *)(r10 -8) = r1"),
                line(Insns.store(Size.H, R1, 2, R2), "*(u16 *)(r1 +2) = r2"),
                line(Insns.store(Size.W, R10, -4, -7), "*(u32 *)(r10 -4) = -7"),
                line(Insns.store(Size.B, R1, 0, 255), "*(u8 *)(r1 +0) = 255"),
                // atomics, as the kernel prints them: r registers also for 32-bit ones
                line(atomic(Size.DW, AtomicOp.ADD), "lock *(u64 *)(r1 +0) += r2"),
                line(atomic(Size.W, AtomicOp.ADD), "lock *(u32 *)(r1 +0) += r2"),
                line(atomic(Size.DW, AtomicOp.OR), "lock *(u64 *)(r1 +0) |= r2"),
                line(atomic(Size.W, AtomicOp.AND), "lock *(u32 *)(r1 +0) &= r2"),
                line(atomic(Size.DW, AtomicOp.XOR), "lock *(u64 *)(r1 +0) ^= r2"),
                line(atomic(Size.DW, AtomicOp.FETCH_ADD), "r2 = atomic64_fetch_add((u64 *)(r1 +0), r2)"),
                line(atomic(Size.W, AtomicOp.FETCH_ADD), "r2 = atomic_fetch_add((u32 *)(r1 +0), r2)"),
                line(atomic(Size.DW, AtomicOp.FETCH_OR), "r2 = atomic64_fetch_or((u64 *)(r1 +0), r2)"),
                line(atomic(Size.W, AtomicOp.FETCH_AND), "r2 = atomic_fetch_and((u32 *)(r1 +0), r2)"),
                line(atomic(Size.DW, AtomicOp.FETCH_XOR), "r2 = atomic64_fetch_xor((u64 *)(r1 +0), r2)"),
                line(atomic(Size.DW, AtomicOp.XCHG), "r2 = atomic64_xchg((u64 *)(r1 +0), r2)"),
                line(atomic(Size.W, AtomicOp.XCHG), "r2 = atomic_xchg((u32 *)(r1 +0), r2)"),
                line(atomic(Size.DW, AtomicOp.CMPXCHG), "r0 = atomic64_cmpxchg((u64 *)(r1 +0), r0, r2)"),
                line(new Atomic(Size.W, AtomicOp.CMPXCHG, R3, R4, -16),
                        "r0 = atomic_cmpxchg((u32 *)(r3 -16), r0, r4)"));
    }

    private static Atomic atomic(Size size, AtomicOp op) {
        return new Atomic(size, op, R1, R2, 0);
    }

    private static Arguments line(Instruction insn, String text) {
        return Arguments.of(text, insn);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void printsTheKernelSyntax(String text, Instruction insn) {
        assertEquals(text, Disassembler.format(insn));
    }

    @Test
    void listingHasSlotNumbersAndOpcodes() {
        Code code = new CodeBuilder()
                .mov64(R0, 0)
                .loadImm64(R1, 0x1234)
                .add(Insns.ldMapFd(R2, 3))
                .call(1)
                .exit()
                .build();
        String expected = ""
                + "  0: (b7) r0 = 0\n"
                + "  1: (18) r1 = 0x1234\n"
                + "  3: (18) r2 = map_fd(3)\n"
                + "  5: (85) call bpf_map_lookup_elem#1\n"
                + "  6: (95) exit\n";
        assertEquals(expected, Disassembler.listing(code));
    }

    @Test
    void listingWidensTheSlotColumnForLongCode() {
        List<Instruction> code = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) code.add(Insns.mov64(R0, i));
        String[] lines = Disassembler.listing(code).split("\n");
        assertEquals("  0: (b7) r0 = 0", lines[0]);
        assertEquals("999: (b7) r0 = 999", lines[999]);
        code.add(Insns.exit());
        lines = Disassembler.listing(code).split("\n");
        assertEquals("   0: (b7) r0 = 0", lines[0]);
        assertEquals("1000: (95) exit", lines[1000]);
    }

    @Test
    void emptyListingIsEmpty() {
        assertEquals("", Disassembler.listing(List.of()));
    }

    @Test
    void listingShowsTheOpcodeOfEachKind() {
        String listing = Disassembler.listing(List.of(
                Insns.alu32(AluOp.ADD, R1, R2),
                new ByteSwap(ByteSwap.ByteOrder.SWAP, 16, R1),
                new Goto(1, true),
                new Load(Size.H, R0, R1, 0, true),
                new Atomic(Size.DW, AtomicOp.XCHG, R1, R2, 0)));
        assertEquals(""
                + "  0: (0c) w1 += w2\n"
                + "  1: (d7) r1 = bswap16 r1\n"
                + "  2: (06) gotol +1\n"
                + "  3: (89) r0 = *(s16 *)(r1 +0)\n"
                + "  4: (db) r2 = atomic64_xchg((u64 *)(r1 +0), r2)\n", listing);
    }

    /** Every instruction prints as one non-empty line. */
    @Property(tries = 2000)
    void everyInstructionIsOneLine(@ForAll @From(supplier = AnyInstruction.class) Instruction insn) {
        String text = Disassembler.format(insn);
        assertFalse(text.isBlank());
        assertFalse(text.contains("\n"));
        assertEquals(text, text.strip());
    }

    static final class AnyInstruction implements net.jqwik.api.ArbitrarySupplier<Instruction> {
        @Override
        public net.jqwik.api.Arbitrary<Instruction> get() {
            return InstructionArbitraries.arbitrary();
        }
    }
}
