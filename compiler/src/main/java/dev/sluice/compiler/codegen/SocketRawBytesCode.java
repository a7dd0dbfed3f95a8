package dev.sluice.compiler.codegen;

import static dev.sluice.compiler.isa.Register.*;

import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.Helper;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.isa.Register;
import dev.sluice.compiler.isa.Size;
import dev.sluice.compiler.lower.Condition;

/**
 * Raw bytes ({@code tcp[OFFSET:SIZE]}) in socket filters, which cannot read the packet in place: the
 * bytes are copied to the socket parse's first scratch slot with {@code bpf_skb_load_bytes_relative(skb,
 * position, slot, size, BPF_HDR_START_NET)} (positions count from the network header, as the socket
 * parse's header starts do) and read back big-endian; a copy that fails (past the end) jumps away.
 * The helper clobbers r1-r5, where the enclosing expression keeps its operands: those below the
 * target are kept across the call in r8 and r9, which the socket parse leaves free, and the second
 * scratch slot. Both slots are the parse's own ({@link ParsedFields#SOCKET_SCRATCH_SLOTS}), never a
 * field's, and above where keys are built ({@link ParsedFields#SCRATCH_TOP}).
 */
final class SocketRawBytesCode {
    private SocketRawBytesCode() {}

    /** The places an operand below the target waits in during the call, in register order from r1. */
    private static final int KEPT_IN_REGISTERS = 2;

    /**
     * {@code value} holds the offset on entry and the bytes read (host order) on exit; r7 holds the skb
     * (the socket parse put it there). Jumps to {@code unread} when the read would pass the packet's end.
     */
    static void read(CodeBuilder b, FieldReads reads, Condition.Value.RawBytes raw, Register value, Label unread) {
        int below = value.number() - R1.number();
        if (below > KEPT_IN_REGISTERS + 1) {
            throw new InternalCompilerError("raw bytes nested " + below + " operands deep in a socket program: more than the places kept across the helper call");
        }
        RawBytesCode.position(b, reads, raw, value, R0, unread);
        for (int i = 0; i < below; i++) keep(b, Register.of(R1.number() + i), i, true);
        if (value != R2) b.mov64(R2, value);
        b.mov64(R1, R7).mov64(R3, R10).alu64(dev.sluice.compiler.isa.AluOp.ADD, R3, SocketParser.BUFFER).mov64(R4, raw.size())
                .mov64(R5, SocketParser.START_NET).call(Helper.SKB_LOAD_BYTES_RELATIVE);
        for (int i = 0; i < below; i++) keep(b, Register.of(R1.number() + i), i, false);
        b.jump(JumpOp.JSLT, R0, 0, unread);
        switch (raw.size()) {
            case 1 -> b.load(Size.B, value, R10, SocketParser.BUFFER);
            case 2 -> b.load(Size.H, value, R10, SocketParser.BUFFER).add(new Instruction.ByteSwap(Instruction.ByteSwap.ByteOrder.TO_BE, 16, value));
            default -> b.load(Size.W, value, R10, SocketParser.BUFFER).add(new Instruction.ByteSwap(Instruction.ByteSwap.ByteOrder.TO_BE, 32, value));
        }
    }

    /** Moves operand register {@code r} (the {@code index}th from r1) to its keeping place ({@code out}) or back. */
    private static void keep(CodeBuilder b, Register r, int index, boolean out) {
        if (index < KEPT_IN_REGISTERS) {
            Register place = index == 0 ? R8 : R9;
            if (out) b.mov64(place, r);
            else b.mov64(r, place);
        } else if (out) {
            b.store(Size.DW, R10, SocketParser.FRAGMENT, r);
        } else {
            b.load(Size.DW, r, R10, SocketParser.FRAGMENT);
        }
    }
}
