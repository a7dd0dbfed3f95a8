package dev.sluice.compiler.isa;

import static dev.sluice.compiler.isa.Register.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The passes over stack slots: {@link DeadStackStores} and {@link StoreLoadForwarding}'s copy through a free register. */
class StackPassesTest {
    @Test
    void aStoreNoPathReadsBeforeTheNextStoreGoes() {
        // The parse's "absent" all ones, overwritten on the only path that reads the slot.
        CodeBuilder b = new CodeBuilder();
        Label parsed = b.newLabel();
        b.store(Size.DW, R10, -72, -1).load(Size.B, R2, R1, 0).jump(JumpOp.JNE, R2, 0, parsed).mov64(R0, 2).exit()
                .bind(parsed).store(Size.DW, R10, -72, R2).load(Size.DW, R0, R10, -72).exit();
        assertTrue(DeadStackStores.apply(b));
        assertEquals(List.of(Insns.load(Size.B, R2, R1, 0), Insns.jump(JumpOp.JNE, R2, 0, 2), Insns.mov64(R0, 2), Insns.exit(),
                Insns.store(Size.DW, R10, -72, R2), Insns.load(Size.DW, R0, R10, -72), Insns.exit()), b.build().instructions());
    }

    @Test
    void aStoreSomePathReadsStaysAndSoDoesAnyStoreOfCodeThatCopiesTheFramePointer() {
        CodeBuilder b = new CodeBuilder();
        Label read = b.newLabel();
        // Read on the jump's path only, and in part: a 4-byte load of the 8-byte slot's upper half.
        b.store(Size.DW, R10, -16, -1).load(Size.B, R2, R1, 0).jump(JumpOp.JNE, R2, 0, read).mov64(R0, 2).exit()
                .bind(read).load(Size.W, R0, R10, -12).exit();
        assertFalse(DeadStackStores.apply(b));
        // Round a loop: the store at the bottom is read at the top of the next iteration.
        CodeBuilder loop = new CodeBuilder();
        Label top = loop.newLabel();
        loop.store(Size.DW, R10, -8, 0).mov64(R3, 0).bind(top).load(Size.DW, R2, R10, -8).alu64(AluOp.ADD, R2, 1)
                .store(Size.DW, R10, -8, R2).alu64(AluOp.ADD, R3, 1).jump(JumpOp.JLT, R3, 4, top).mov64(R0, 0).exit();
        assertFalse(DeadStackStores.apply(loop));
        // A helper may read the stack through a copy of r10: nothing is dropped.
        CodeBuilder key = new CodeBuilder();
        key.store(Size.DW, R10, -8, 0).mov64(R2, R10).alu64(AluOp.ADD, R2, -8).mov64(R0, 0).exit();
        assertFalse(DeadStackStores.apply(key));
    }

    @Test
    void aSlotReloadedAfterItsRegisterChangedIsCopiedThroughAFreeRegister() {
        // A rule tests one bit of the flags, then reloads them for the next: the value waits in a register
        // no instruction between names, the load becomes a move, and the store no longer has a reader.
        CodeBuilder b = new CodeBuilder();
        Label no = b.newLabel();
        b.load(Size.B, R5, R1, 13).store(Size.DW, R10, -72, R5).alu64(AluOp.AND, R5, 2).jump(JumpOp.JEQ, R5, 0, no)
                .load(Size.DW, R4, R10, -72).alu64(AluOp.AND, R4, 16).jump(JumpOp.JNE, R4, 0, no).mov64(R0, 1).exit()
                .bind(no).mov64(R0, 2).exit();
        assertTrue(StoreLoadForwarding.apply(b));
        assertEquals(List.of(Insns.load(Size.B, R5, R1, 13), Insns.store(Size.DW, R10, -72, R5), Insns.mov64(R4, R5),
                Insns.alu64(AluOp.AND, R5, 2), Insns.jump(JumpOp.JEQ, R5, 0, 4), Insns.alu64(AluOp.AND, R4, 16),
                Insns.jump(JumpOp.JNE, R4, 0, 2), Insns.mov64(R0, 1), Insns.exit(), Insns.mov64(R0, 2), Insns.exit()), b.build().instructions());
        assertTrue(DeadStackStores.apply(b));
        // Not when a jump lands between the store and the load: that path did not store.
        CodeBuilder c = new CodeBuilder();
        Label in = c.newLabel();
        c.load(Size.B, R5, R1, 13).jump(JumpOp.JEQ, R5, 7, in).store(Size.DW, R10, -72, R5).alu64(AluOp.AND, R5, 2)
                .bind(in).load(Size.DW, R4, R10, -72).mov64(R0, R4).exit();
        assertFalse(StoreLoadForwarding.apply(c));
    }
}
