package dev.sluice.compiler.codegen;

import static dev.sluice.compiler.isa.Register.*;

import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.isa.Register;
import dev.sluice.compiler.isa.Size;
import dev.sluice.compiler.lower.Condition;

/**
 * The load of raw bytes ({@code tcp[OFFSET:SIZE]}) from the packet the direct parse left in r7 (data) and
 * r8 (data_end), once the header's test and start are known present. The position is bounded before it
 * becomes a packet pointer, as the verifier needs to accept a variable offset, and checked against
 * data_end before the load: a read past the end, or past the first 65,535 bytes that raw bytes reach, jumps away.
 */
final class RawBytesCode {
    private RawBytesCode() {}

    /**
     * {@code value} holds the offset on entry and the bytes read (host order) on exit; {@code pointer} is
     * scratch. Jumps to {@code unread} when the read would pass the packet's end.
     */
    static void read(CodeBuilder b, FieldReads reads, Condition.Value.RawBytes raw, Register value, Register pointer, Label unread) {
        position(b, reads, raw, value, pointer, unread);
        b.mov64(pointer, R7).alu64(AluOp.ADD, pointer, value)
                .mov64(value, pointer).alu64(AluOp.ADD, value, raw.size()).jump(JumpOp.JGT, value, R8, unread);
        switch (raw.size()) {
            case 1 -> b.load(Size.B, value, pointer, 0);
            case 2 -> b.load(Size.H, value, pointer, 0).add(new Instruction.ByteSwap(Instruction.ByteSwap.ByteOrder.TO_BE, 16, value));
            default -> b.load(Size.W, value, pointer, 0).add(new Instruction.ByteSwap(Instruction.ByteSwap.ByteOrder.TO_BE, 32, value));
        }
    }

    /**
     * {@code value}: the offset on entry, on exit the position of the read's first byte from where the
     * packet starts (the frame, or the network header in socket programs), at most {@link
     * dev.sluice.compiler.hooks.RawHeader#READ_LIMIT} minus the size; jumps to {@code unread} beyond.
     * {@code scratch} takes the header's start.
     */
    static void position(CodeBuilder b, FieldReads reads, Condition.Value.RawBytes raw, Register value, Register scratch, Label unread) {
        int lastStart = dev.sluice.compiler.hooks.RawHeader.READ_LIMIT - raw.size();
        // Bounded before the start is added too, so that a huge offset cannot wrap around to a small position.
        b.jump(JumpOp.JGT, value, lastStart, unread);
        if (raw.header().start().isPresent()) {
            reads.load(raw.header().start().get(), 0, scratch);
            b.alu64(AluOp.ADD, value, scratch).jump(JumpOp.JGT, value, lastStart, unread);
        }
    }
}
