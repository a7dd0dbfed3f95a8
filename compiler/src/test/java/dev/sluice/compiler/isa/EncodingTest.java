package dev.sluice.compiler.isa;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.isa.Instruction.*;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class EncodingTest {
    @Provide
    Arbitrary<Instruction> instructions() {
        return InstructionArbitraries.any();
    }

    @Provide
    Arbitrary<byte[]> slots() {
        return Arbitraries.bytes().array(byte[].class).ofSize(16);
    }

    @Property(tries = 5000)
    void decodeInvertsEncode(@ForAll("instructions") Instruction insn) {
        byte[] bytes = Encoder.encode(insn);
        assertEquals(insn.slots() * 8, bytes.length);
        assertEquals(List.of(insn), Decoder.decode(bytes));
    }

    @Property(tries = 5000)
    void encodeInvertsDecodeOrDecodeRejects(@ForAll("slots") byte[] bytes) {
        try {
            Instruction first = Decoder.decodeOne(java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN));
            byte[] again = Encoder.encode(first);
            assertArrayEquals(java.util.Arrays.copyOf(bytes, again.length), again);
        } catch (DecodeException e) {
            assertTrue(e.byteOffset() == 0 || e.byteOffset() == 8, e.getMessage());
        }
    }

    @Test
    void matchesTheKernelHeadersExample() {
        // struct bpf_insn{0xb7, dst 1, src 2, off -3, imm 0x12345678} from EBPF-ABI.md has reserved fields set.
        byte[] header = HexFormat.of().parseHex("b721fdff78563412");
        DecodeException e = assertThrows(DecodeException.class, () -> Decoder.decode(header));
        assertTrue(e.reason().contains("offset -3 is reserved for MOV"), e.reason());
        assertEquals("b7010000ffffffff", HexFormat.of().formatHex(Encoder.encode(Insns.mov64(Register.R1, -1))));
        assertEquals("18010000896745230000000001000000",
                HexFormat.of().formatHex(Encoder.encode(Insns.ldImm64(Register.R1, 0x123456789L))));
    }

    static void rejects(String hex, int offset, String reason) {
        DecodeException e = assertThrows(DecodeException.class, () -> Decoder.decode(HexFormat.of().parseHex(hex)));
        assertEquals(offset, e.byteOffset(), e.getMessage());
        assertTrue(e.reason().contains(reason), e.reason());
    }

    @Test
    void rejectsReservedFieldsWithTheirOffset() {
        rejects("9500000000000000" + "9500000001000000", 8, "exit uses reserved fields");
        rejects("8d00000000000000", 0, "call uses reserved fields");
        rejects("bf2b000000000000", 0, "destination register r11");
        rejects("0f21000001000000", 0, "immediate of a register operation");
        rejects("bf21050000000000", 0, "offset 5 is reserved for MOV");
        rejects("d401000011000000", 0, "byte swap width 17");
        rejects("dc01010010000000", 0, "offset of a byte swap");
        rejects("1801000000000000", 0, "needs a second slot");
        rejects("18010000000000000100000000000000", 8, "second slot");
        rejects("1871000000000000" + "0000000000000000", 0, "unknown 64-bit load source 7");
        rejects("8f01000000000000", 0, "neg uses reserved fields");
        rejects("2021000000000000", 0, "packet load uses reserved fields");
        rejects("9801000000000000", 0, "unknown opcode 0x98");
        rejects("db21000002000000", 0, "unknown atomic operation 0x2");
        rejects("8530000000000000", 0, "call kind 3");
        rejects("0500010001000000", 0, "immediate of ja");
        rejects("0600010000000000", 0, "offset of gotol");
        rejects("b700000000000000b7", 8, "not a multiple of 8");
        rejects("3c21080000000000", 0, "offset 8 is reserved for DIV");
        rejects("bc21200000000000", 0, "offset 32 is reserved for mov");
        rejects("9900000000000000", 0, "ldx class");
        rejects("7a00000000000000".replace("7a", "c2"), 0, "st class");
    }

    @Test
    void v4EncodingsRoundTrip() {
        List<Instruction> v4 = List.of(
                new Alu(true, AluOp.SDIV, Register.R1, Operand.reg(Register.R2)),
                new Alu(false, AluOp.SMOD, Register.R1, Operand.imm(3)),
                new Alu(true, AluOp.MOVSX32, Register.R1, Operand.reg(Register.R2)),
                new Alu(false, AluOp.MOVSX8, Register.R1, Operand.reg(Register.R2)),
                new ByteSwap(ByteSwap.ByteOrder.SWAP, 64, Register.R3),
                new Load(Size.H, Register.R1, Register.R2, 4, true),
                new Goto(100_000, true));
        byte[] bytes = Encoder.encode(v4);
        assertEquals("3f21010000000000", HexFormat.of().formatHex(bytes, 0, 8));
        assertEquals("bf21200000000000", HexFormat.of().formatHex(bytes, 16, 24));
        assertEquals("d703000040000000", HexFormat.of().formatHex(bytes, 32, 40));
        assertEquals("06000000a0860100", HexFormat.of().formatHex(bytes, 48, 56));
        assertEquals(v4, Decoder.decode(bytes));
    }
}
