package dev.sluice.compiler.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link RegisterUse#kills}: what liveness ({@link EntryLiveness}) may end a value's range at. A fetching
 * atomic may be reported as writing more ({@link RegisterUse#writes}), never as killing more.
 */
class RegisterUseTest {
    private static int kills(AtomicOp op) {
        return RegisterUse.kills(new Instruction.Atomic(Size.DW, op, Register.R1, Register.R2, 0));
    }

    @Test
    void atomicsKillOnlyWhatTheyFetchInto() {
        assertEquals(0, kills(AtomicOp.ADD), "a plain atomic add kills no register");
        assertEquals(RegisterUse.bit(Register.R2), kills(AtomicOp.FETCH_ADD), "the old value comes back in src");
        assertEquals(RegisterUse.bit(Register.R2), kills(AtomicOp.XCHG));
        assertEquals(RegisterUse.bit(Register.R0), kills(AtomicOp.CMPXCHG), "compare-and-exchange writes r0, not src");
    }

    @Test
    void otherInstructionsKillWhatTheyWrite() {
        Instruction move = Insns.mov64(Register.R3, 1);
        assertEquals(RegisterUse.writes(move), RegisterUse.kills(move));
        assertEquals(RegisterUse.CALLER_SAVED, RegisterUse.kills(Insns.call(1)));
    }
}
