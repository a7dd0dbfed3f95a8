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
     * The value of an operation on two constants (classic BPF's 32-bit arithmetic, {@link
     * PcapValues#apply}), which reads no packet, so computing it here changes no verdict; empty for
     * anything else and for a division by zero, which rejects the packet.
     */
    static java.util.OptionalInt constant(PcapTest.Value.Binary bin) {
        if (!(bin.left() instanceof PcapTest.Value.Constant a) || !(bin.right() instanceof PcapTest.Value.Constant k)) return java.util.OptionalInt.empty();
        if ((bin.op() == PcapTest.Arith.DIV || bin.op() == PcapTest.Arith.MOD) && k.value() == 0) return java.util.OptionalInt.empty();
        return java.util.OptionalInt.of((int) PcapValues.apply(bin.op(), a.value(), k.value()));
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
