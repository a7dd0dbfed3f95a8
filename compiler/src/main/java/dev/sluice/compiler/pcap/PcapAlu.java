package dev.sluice.compiler.pcap;

import dev.sluice.compiler.isa.AluOp;

/** libpcap's arithmetic as eBPF ALU operations: one table for both pcap emitters. */
final class PcapAlu {
    private PcapAlu() {}

    static AluOp of(PcapTest.Arith arith) {
        return switch (arith) {
            case ADD -> AluOp.ADD;
            case SUB -> AluOp.SUB;
            case MUL -> AluOp.MUL;
            case DIV -> AluOp.DIV;
            case MOD -> AluOp.MOD;
            case AND -> AluOp.AND;
            case OR -> AluOp.OR;
            case XOR -> AluOp.XOR;
            case LSH -> AluOp.LSH;
            case RSH -> AluOp.RSH;
        };
    }

    /**
     * Whether the right side can be an immediate: not a division by zero (libpcap's code rejects the
     * packet there, which the register form checks) and not a shift by more than 31.
     */
    static boolean immediate(AluOp op, PcapTest.Value right) {
        if (!(right instanceof PcapTest.Value.Constant k)) return false;
        boolean divides = op == AluOp.DIV || op == AluOp.MOD;
        boolean shifts = op == AluOp.LSH || op == AluOp.RSH;
        return !(divides && k.value() == 0) && !(shifts && k.value() > 31);
    }
}
