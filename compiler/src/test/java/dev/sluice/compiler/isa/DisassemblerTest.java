package dev.sluice.compiler.isa;

import static dev.sluice.compiler.isa.Register.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.isa.Instruction.*;
import org.junit.jupiter.api.Test;

class DisassemblerTest {
    static void prints(String text, Instruction insn) {
        assertEquals(text, Disassembler.format(insn));
    }

    @Test
    void kernelSyntax() {
        prints("r0 = *(u32 *)(r1 +4)", Insns.load(Size.W, R0, R1, 4));
        prints("r1 = *(s16 *)(r2 -2)", new Load(Size.H, R1, R2, -2, true));
        prints("*(u64 *)(r10 -8) = r1", Insns.store(Size.DW, R10, -8, R1));
        prints("*(u8 *)(r10 -1) = 5", Insns.store(Size.B, R10, -1, 5));
        prints("w1 += w2", Insns.alu32(AluOp.ADD, R1, R2));
        prints("r1 += -4", Insns.alu64(AluOp.ADD, R1, -4));
        prints("r1 = -r1", new Alu(true, AluOp.NEG, R1, Operand.imm(0)));
        prints("r1 s/= r2", Insns.alu64(AluOp.SDIV, R1, R2));
        prints("w1 s%= 3", Insns.alu32(AluOp.SMOD, R1, 3));
        prints("r1 = (s8)r2", new Alu(true, AluOp.MOVSX8, R1, Operand.reg(R2)));
        prints("r1 s>>= 3", Insns.alu64(AluOp.ARSH, R1, 3));
        prints("r1 = be16 r1", new ByteSwap(ByteSwap.ByteOrder.TO_BE, 16, R1));
        prints("r1 = bswap64 r1", new ByteSwap(ByteSwap.ByteOrder.SWAP, 64, R1));
        prints("if r2 > r3 goto +5", Insns.jump(JumpOp.JGT, R2, R3, 5));
        prints("if w2 s< 0x7 goto -3", new Jump(true, JumpOp.JSLT, R2, Operand.imm(7), -3));
        prints("if r0 == 0xffffffff goto +1", Insns.jump(JumpOp.JEQ, R0, -1, 1));
        prints("if r1 & r2 goto +0", Insns.jump(JumpOp.JSET, R1, R2, 0));
        prints("goto +5", Insns.ja(5));
        prints("gotol +70000", new Goto(70000, true));
        prints("call bpf_map_lookup_elem#1", Insns.call(1));
        prints("call bpf_ringbuf_submit#132", Insns.call(132));
        prints("call #99999", Insns.call(99999));
        prints("call pc+7", new Call(CallKind.LOCAL, 7));
        prints("exit", Insns.exit());
        prints("r1 = 0x1234", Insns.ldImm64(R1, 0x1234));
        prints("r1 = map[fd:3]", Insns.ldMapFd(R1, 3));
        prints("r1 = map[fd:3][0]+8", Insns.ldMapValue(R1, 3, 8));
        prints("r0 = *(u8 *)skb[4]", new LoadPacket(false, Size.B, R0, 4));
        prints("r0 = *(u16 *)skb[r1 + 4]", new LoadPacket(true, Size.H, R1, 4));
        prints("lock *(u64 *)(r1 +0) += r2", new Atomic(Size.DW, AtomicOp.ADD, R1, R2, 0));
        prints("lock *(u32 *)(r1 +8) ^= r2", new Atomic(Size.W, AtomicOp.XOR, R1, R2, 8));
        prints("r2 = atomic64_fetch_add((u64 *)(r1 +0), r2)", new Atomic(Size.DW, AtomicOp.FETCH_ADD, R1, R2, 0));
        prints("r2 = atomic_fetch_and((u32 *)(r1 +0), r2)", new Atomic(Size.W, AtomicOp.FETCH_AND, R1, R2, 0));
        prints("r2 = atomic64_xchg((u64 *)(r1 +0), r2)", new Atomic(Size.DW, AtomicOp.XCHG, R1, R2, 0));
        prints("r0 = atomic64_cmpxchg((u64 *)(r1 +0), r0, r2)", new Atomic(Size.DW, AtomicOp.CMPXCHG, R1, R2, 0));
    }

    @Test
    void listingShowsSlotsAndOpcodes() {
        Code code = new Code(java.util.List.of(Insns.ldImm64(R0, 1), Insns.exit()));
        assertEquals("   0: (18) r0 = 0x1\n   2: (95) exit\n", Disassembler.listing(code).replace(System.lineSeparator(), "\n"));
    }
}
