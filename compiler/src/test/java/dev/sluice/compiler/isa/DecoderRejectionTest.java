package dev.sluice.compiler.isa;

import static dev.sluice.compiler.isa.SlotBytes.concat;
import static dev.sluice.compiler.isa.SlotBytes.slot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every check the decoder makes, each violated once. The bad instruction follows a valid one
 * ({@code r0 = 0}), so its byte offset is 8 (16 for the second slot of a 64-bit load).
 */
class DecoderRejectionTest {

    private static final byte[] VALID = slot(0xb7, 0, 0, 0, 0);

    static Stream<Arguments> violations() {
        return Stream.of(
                // registers
                bad("dst r11", slot(0xb7, 11, 0, 0, 0), "destination register r11 does not exist"),
                bad("src r15", slot(0xbf, 1, 15, 0, 0), "source register r15 does not exist"),
                bad("ldx src r11", slot(0x61, 0, 11, 0, 0), "source register r11 does not exist"),
                // byte swaps
                bad("end with src", slot(0xdc, 1, 2, 0, 16), "source register of a byte swap is 2, must be 0"),
                bad("end with offset", slot(0xd4, 1, 0, 1, 16), "offset of a byte swap is 1, must be 0"),
                bad("end width 8", slot(0xdc, 1, 0, 0, 8), "byte swap width 8 is not 16, 32 or 64"),
                bad("bswap width 0", slot(0xd7, 1, 0, 0, 0), "byte swap width 0 is not 16, 32 or 64"),
                bad("alu64 end with X", slot(0xdf, 1, 0, 0, 16), "0xdf (64-bit byte swap has no source bit)"),
                // ALU
                bad("alu op 0xe0", slot(0xe4, 1, 0, 0, 0), "unknown opcode 0xe4"),
                bad("alu64 op 0xf0", slot(0xff, 1, 2, 0, 0), "unknown opcode 0xff"),
                bad("add with offset", slot(0x0f, 1, 2, 1, 0), "offset 1 is reserved for ADD"),
                bad("div with offset 2", slot(0x3f, 1, 2, 2, 0), "offset 2 is reserved for DIV"),
                bad("mov with offset 1", slot(0xbf, 1, 2, 1, 0), "offset 1 is reserved for MOV"),
                bad("neg with offset", slot(0x87, 1, 0, 1, 0), "offset 1 is reserved for NEG"),
                bad("neg with X", slot(0x8f, 1, 0, 0, 0), "neg uses reserved fields"),
                bad("neg with src", slot(0x87, 1, 2, 0, 0), "neg uses reserved fields"),
                bad("neg with imm", slot(0x87, 1, 0, 0, 5), "neg uses reserved fields"),
                bad("movsx from imm", slot(0xb7, 1, 0, 8, 5), "offset 8 is reserved for mov"),
                bad("movsx32 in alu32", slot(0xbc, 1, 2, 32, 0), "offset 32 is reserved for mov"),
                bad("X op with imm", slot(0x0f, 1, 2, 0, 5), "immediate of a register operation is 5, must be 0"),
                bad("K op with src", slot(0x07, 1, 2, 0, 5),
                        "source register of an immediate operation is 2, must be 0"),
                // unconditional jumps, calls, exit
                bad("ja with X", slot(0x0d, 0, 0, 1, 0), "ja uses reserved fields"),
                bad("ja with dst", slot(0x05, 1, 0, 1, 0), "ja uses reserved fields"),
                bad("ja with src", slot(0x05, 0, 1, 1, 0), "ja uses reserved fields"),
                bad("ja with imm", slot(0x05, 0, 0, 1, 7), "immediate of ja is 7, must be 0"),
                bad("gotol with offset", slot(0x06, 0, 0, 1, 7), "offset of gotol (its target is in the immediate) is 1"),
                bad("call in jmp32", slot(0x86, 0, 0, 0, 1), "unknown opcode 0x86 (call in the jmp32 class)"),
                bad("exit in jmp32", slot(0x96, 0, 0, 0, 0), "unknown opcode 0x96 (exit in the jmp32 class)"),
                bad("call with X", slot(0x8d, 0, 0, 0, 1), "call uses reserved fields"),
                bad("call with dst", slot(0x85, 1, 0, 0, 1), "call uses reserved fields"),
                bad("call with offset", slot(0x85, 0, 0, 1, 1), "call uses reserved fields"),
                bad("call kind 3", slot(0x85, 0, 3, 0, 1), "call kind 3 is not helper, local or kfunc"),
                bad("exit with X", slot(0x9d, 0, 0, 0, 0), "exit uses reserved fields"),
                bad("exit with dst", slot(0x95, 1, 0, 0, 0), "exit uses reserved fields"),
                bad("exit with src", slot(0x95, 0, 1, 0, 0), "exit uses reserved fields"),
                bad("exit with offset", slot(0x95, 0, 0, 1, 0), "exit uses reserved fields"),
                bad("exit with imm", slot(0x95, 0, 0, 0, 1), "exit uses reserved fields"),
                // conditional jumps
                bad("jmp op 0xe0", slot(0xe5, 1, 0, 1, 0), "unknown opcode 0xe5"),
                bad("jmp32 op 0xf0", slot(0xfe, 1, 2, 1, 0), "unknown opcode 0xfe"),
                bad("X comparison with imm", slot(0x1d, 1, 2, 1, 3),
                        "immediate of a register comparison is 3, must be 0"),
                bad("K comparison with src", slot(0x16, 1, 2, 1, 3),
                        "source register of an immediate comparison is 2, must be 0"),
                // 64-bit immediate loads
                bad("ld_imm64 with offset", concat(slot(0x18, 1, 0, 1, 0), slot(0, 0, 0, 0, 0)),
                        "offset of a 64-bit immediate load is 1, must be 0"),
                bad("ld_imm64 source 7", concat(slot(0x18, 1, 7, 0, 0), slot(0, 0, 0, 0, 0)),
                        "unknown 64-bit load source 7"),
                bad("ld_imm64 without second slot", slot(0x18, 1, 0, 0, 0),
                        "a 64-bit immediate load needs a second slot"),
                bad("ld_imm64 dst r11", concat(slot(0x18, 11, 0, 0, 0), slot(0, 0, 0, 0, 0)),
                        "destination register r11 does not exist"),
                // packet loads
                bad("ld_abs with dst", slot(0x20, 1, 0, 0, 4), "packet load uses reserved fields"),
                bad("ld_abs with src", slot(0x20, 0, 1, 0, 4), "packet load uses reserved fields"),
                bad("ld_ind with offset", slot(0x40, 0, 1, 1, 4), "packet load uses reserved fields"),
                bad("ld_ind src r11", slot(0x40, 0, 11, 0, 4), "source register r11 does not exist"),
                // unknown ld, ldx, st, stx forms
                bad("ld imm w", slot(0x00, 1, 0, 0, 0), "unknown opcode 0x00 in the ld class"),
                bad("ld_abs dw", slot(0x38, 0, 0, 0, 0), "unknown opcode 0x38 in the ld class"),
                bad("ld_ind dw", slot(0x58, 0, 1, 0, 0), "unknown opcode 0x58 in the ld class"),
                bad("ld mem", slot(0x60, 0, 1, 0, 0), "unknown opcode 0x60 in the ld class"),
                bad("ldx abs", slot(0x21, 0, 1, 0, 0), "unknown opcode 0x21 in the ldx class"),
                bad("ldx memsx dw", slot(0x99, 0, 1, 0, 0), "unknown opcode 0x99 in the ldx class"),
                bad("ldx atomic", slot(0xc1, 0, 1, 0, 0), "unknown opcode 0xc1 in the ldx class"),
                bad("ldx with imm", slot(0x61, 0, 1, 0, 1), "immediate of a load is 1, must be 0"),
                bad("st imm mode", slot(0x02, 1, 0, 0, 0), "unknown opcode 0x02 in the st class"),
                bad("st atomic", slot(0xda, 1, 0, 0, 0), "unknown opcode 0xda in the st class"),
                bad("st with src", slot(0x62, 1, 2, 0, 0), "source register of an immediate store is 2, must be 0"),
                bad("stx with imm", slot(0x63, 1, 2, 0, 9), "immediate of a register store is 9, must be 0"),
                bad("stx abs", slot(0x23, 1, 2, 0, 0), "unknown opcode 0x23 in the stx class"),
                bad("stx memsx", slot(0x83, 1, 2, 0, 0), "unknown opcode 0x83 in the stx class"),
                bad("atomic byte", slot(0xd3, 1, 2, 0, 0), "unknown opcode 0xd3 in the stx class"),
                bad("atomic half", slot(0xcb, 1, 2, 0, 0), "unknown opcode 0xcb in the stx class"),
                bad("atomic op 2", slot(0xdb, 1, 2, 0, 2), "unknown atomic operation 0x2"),
                bad("atomic sub", slot(0xc3, 1, 2, 0, 0x10), "unknown atomic operation 0x10"),
                bad("atomic cmpxchg without fetch", slot(0xdb, 1, 2, 0, 0xf0), "unknown atomic operation 0xf0"));
    }

    static Stream<Arguments> secondSlotViolations() {
        return Stream.of(
                bad("second slot code", slot(0x18, 0, 0, 0, 0), "uses reserved fields"),
                bad("second slot dst", slot(0, 1, 0, 0, 0), "uses reserved fields"),
                bad("second slot src", slot(0, 0, 1, 0, 0), "uses reserved fields"),
                bad("second slot offset", slot(0, 0, 0, 1, 0), "uses reserved fields"));
    }

    private static Arguments bad(String name, byte[] bytes, String reason) {
        return Arguments.of(name, bytes, reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void rejectsWithTheOffsetOfTheBadInstruction(String name, byte[] bad, String reason) {
        DecodeException e = assertThrows(DecodeException.class, () -> Decoder.decode(concat(VALID, bad)));
        assertEquals(8, e.byteOffset(), e::getMessage);
        assertTrue(e.reason().contains(reason), () -> "reason '" + e.reason() + "' lacks '" + reason + "'");
        assertTrue(e.getMessage().startsWith("invalid instruction at byte 8 (slot 1): "), e::getMessage);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secondSlotViolations")
    void rejectsABadSecondSlotAtItsOwnOffset(String name, byte[] second, String reason) {
        byte[] code = concat(VALID, slot(0x18, 1, 0, 0, 0x1234), second);
        DecodeException e = assertThrows(DecodeException.class, () -> Decoder.decode(code));
        assertEquals(16, e.byteOffset(), e::getMessage);
        assertTrue(e.reason().contains("second slot of a 64-bit immediate load " + reason), e::reason);
    }

    @Test
    void rejectsALengthThatIsNotAMultipleOfEight() {
        byte[] code = concat(VALID, VALID, new byte[] {(byte) 0x95, 0, 0});
        DecodeException e = assertThrows(DecodeException.class, () -> Decoder.decode(code));
        assertEquals(16, e.byteOffset());
        assertEquals("the code is 19 bytes, not a multiple of 8", e.reason());
    }

    @Test
    void theFirstBadInstructionIsReported() {
        byte[] code = concat(VALID, slot(0x95, 0, 0, 0, 1), slot(0xff, 0, 0, 0, 0));
        assertEquals(8, assertThrows(DecodeException.class, () -> Decoder.decode(code)).byteOffset());
    }

    @Test
    void everyFieldAtItsLimitDecodes() {
        byte[] code = concat(
                slot(0xbf, 10, 10, 0, 0),
                slot(0x18, 10, 6, 0, -1), slot(0, 0, 0, 0, -1),
                slot(0x06, 0, 0, 0, Integer.MIN_VALUE),
                slot(0x85, 0, 2, 0, Integer.MAX_VALUE),
                slot(0x71, 10, 10, Short.MIN_VALUE, 0),
                slot(0x62, 10, 0, Short.MAX_VALUE, Integer.MIN_VALUE));
        assertEquals(6, Decoder.decode(code).size());
    }
}
