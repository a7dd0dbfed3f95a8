package dev.sluice.compiler.isa;

import static dev.sluice.compiler.isa.Register.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * The encoding is little-endian whatever the order of the buffer a caller passes: a fresh
 * {@link ByteBuffer} is big-endian, and reading or writing the offset and immediate in that order
 * would give a wrong instruction without any error.
 */
class ByteOrderTest {

    private static final Instruction LOAD = Insns.load(Size.W, R0, R1, -3);
    private static final Instruction WIDE = Insns.ldImm64(R2, 0x0102030405060708L);

    @Test
    void decodeOneReadsLittleEndianFromABigEndianBuffer() {
        ByteBuffer in = ByteBuffer.wrap(Encoder.encode(java.util.List.of(LOAD, WIDE)));
        assertEquals(ByteOrder.BIG_ENDIAN, in.order());
        assertEquals(LOAD, Decoder.decodeOne(in));
        assertEquals(WIDE, Decoder.decodeOne(in));
        assertEquals(24, in.position());
        assertEquals(ByteOrder.BIG_ENDIAN, in.order(), "the caller's buffer keeps its order");
    }

    @Test
    void encodeWritesLittleEndianIntoABigEndianBuffer() {
        ByteBuffer out = ByteBuffer.allocate(24);
        Encoder.encode(LOAD, out);
        Encoder.encode(WIDE, out);
        assertEquals(24, out.position());
        assertArrayEquals(Encoder.encode(java.util.List.of(LOAD, WIDE)), out.array());
        assertArrayEquals(new byte[] {0x61, 0x10, (byte) 0xfd, (byte) 0xff, 0, 0, 0, 0},
                java.util.Arrays.copyOf(out.array(), 8));
        assertEquals(ByteOrder.BIG_ENDIAN, out.order(), "the caller's buffer keeps its order");
    }

    /** The ABI fact sheet's example: {@code {0xb7, dst 1, src 2, off -3, imm 0x12345678}}. */
    @Test
    void readsTheFactSheetLayoutFromABigEndianBuffer() {
        byte[] bytes = {(byte) 0xb7, 0x21, (byte) 0xfd, (byte) 0xff, 0x78, 0x56, 0x34, 0x12};
        ByteBuffer in = ByteBuffer.wrap(bytes);
        DecodeException e = org.junit.jupiter.api.Assertions.assertThrows(DecodeException.class,
                () -> Decoder.decodeOne(in));
        // mov64 with a source register and an offset is not an instruction; the decoder says why.
        assertEquals("offset -3 is reserved for MOV", e.reason());
    }

    @Test
    void decodeOneRejectsATruncatedInstruction() {
        ByteBuffer in = ByteBuffer.wrap(Encoder.encode(LOAD), 0, 5);
        DecodeException e = org.junit.jupiter.api.Assertions.assertThrows(DecodeException.class,
                () -> Decoder.decodeOne(in));
        assertEquals(0, e.byteOffset());
        assertEquals("only 5 bytes are left, an instruction takes 8", e.reason());
    }
}
