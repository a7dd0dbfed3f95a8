package dev.sluice.compiler.isa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

class EncodingPropertiesTest {

    @Property(tries = 3000)
    void decodingInvertsEncoding(@ForAll("instructions") Instruction insn) {
        byte[] bytes = Encoder.encode(insn);
        assertEquals(8 * insn.slots(), bytes.length);
        assertEquals(List.of(insn), Decoder.decode(bytes));
        Statistics.collect(insn.getClass().getSimpleName());
    }

    @Property(tries = 500)
    void decodingInvertsEncodingOfSequences(@ForAll("sequences") List<Instruction> code) {
        assertEquals(code, Decoder.decode(Encoder.encode(code)));
    }

    /** Bytes that decode are the one encoding of what they decode to. */
    @Property(tries = 5000)
    void encodingInvertsDecoding(@ForAll("plausibleInstructionBytes") byte[] bytes) {
        List<Instruction> decoded;
        try {
            decoded = Decoder.decode(bytes);
        } catch (DecodeException e) {
            Statistics.label("decodes").collect(false);
            return;
        }
        Statistics.label("decodes").collect(true);
        Statistics.label("decodes").coverage(c -> c.check(true).percentage(p -> p > 20));
        assertArrayEquals(bytes, Encoder.encode(decoded), () -> SlotBytes.hex(bytes) + " decoded to " + decoded);
    }

    /** Arbitrary bytes decode (and re-encode to themselves) or fail where the first bad slot is. */
    @Property(tries = 5000)
    void anyBytesDecodeOrFailAtTheFirstBadSlot(@ForAll("anyCode") byte[] bytes) {
        try {
            List<Instruction> decoded = Decoder.decode(bytes);
            assertArrayEquals(bytes, Encoder.encode(decoded));
            Statistics.label("outcome").collect("decodes");
        } catch (DecodeException e) {
            checkOffset(bytes, e);
            Statistics.label("outcome").collect("rejected");
        }
        Statistics.label("outcome").coverage(c -> {
            c.check("decodes").percentage(p -> p > 20);
            c.check("rejected").percentage(p -> p > 20);
        });
    }

    /**
     * The reported offset is that of a slot; all instructions before the failing one decode; and the
     * failing instruction, decoded on its own, fails at the same place. A bad second slot of a 64-bit
     * load is reported at that slot, its instruction starting 8 bytes earlier.
     */
    private static void checkOffset(byte[] bytes, DecodeException e) {
        int at = e.byteOffset();
        assertFalse(e.reason().isBlank());
        assertTrue(e.getMessage().contains("byte " + at), e.getMessage());
        if (bytes.length % 8 != 0) {
            assertEquals(bytes.length - bytes.length % 8, at, "a ragged length is reported at the ragged end");
            return;
        }
        assertEquals(0, at % 8, () -> "offset " + at + " is not a slot boundary");
        assertTrue(at >= 0 && at < bytes.length, () -> "offset " + at + " outside " + bytes.length + " bytes");
        int start;
        if (decodes(Arrays.copyOfRange(bytes, 0, at))) {
            start = at;
        } else {
            start = at - 8;
            assertTrue(start >= 0 && (bytes[start] & 0xff) == 0x18 && decodes(Arrays.copyOfRange(bytes, 0, start)),
                    () -> "the code before offset " + at + " does not decode: " + SlotBytes.hex(bytes));
        }
        try {
            Decoder.decodeOne(ByteBuffer.wrap(bytes, start, bytes.length - start).slice().order(ByteOrder.LITTLE_ENDIAN));
            fail("the instruction at " + start + " decodes on its own: " + SlotBytes.hex(bytes));
        } catch (DecodeException alone) {
            assertEquals(at - start, alone.byteOffset());
            assertEquals(e.reason(), alone.reason());
        }
    }

    private static boolean decodes(byte[] bytes) {
        try {
            Decoder.decode(bytes);
            return true;
        } catch (DecodeException e) {
            return false;
        }
    }

    @Provide
    Arbitrary<Instruction> instructions() {
        return InstructionArbitraries.arbitrary();
    }

    @Provide
    Arbitrary<List<Instruction>> sequences() {
        return InstructionArbitraries.sequences(20);
    }

    /**
     * One slot, or two starting with a 64-bit load, with fields biased towards valid values: opcodes
     * mostly ones some instruction has, reserved fields mostly zero.
     */
    @Provide
    Arbitrary<byte[]> plausibleInstructionBytes() {
        return Arbitraries.oneOf(
                plausibleSlot(),
                Combinators.combine(plausibleSlot(), plausibleSlot()).as(SlotBytes::concat),
                Combinators.combine(plausibleSlot().map(EncodingPropertiesTest::asImm64), secondSlot())
                        .as(SlotBytes::concat));
    }

    /**
     * Code of any length: plausible slots, encodings of random instructions with a bit flipped, and
     * plain random bytes (whose length need not be a multiple of 8).
     */
    @Provide
    Arbitrary<byte[]> anyCode() {
        Arbitrary<byte[]> plausible = plausibleInstructionBytes().list().ofMaxSize(6)
                .map(parts -> SlotBytes.concat(parts.toArray(new byte[0][])));
        Arbitrary<byte[]> mutated = Combinators.combine(
                        InstructionArbitraries.sequences(6).map(Encoder::encode),
                        Arbitraries.integers().between(0, Integer.MAX_VALUE),
                        Arbitraries.integers().between(0, 7))
                .as((code, where, bit) -> {
                    if (code.length == 0) return code;
                    code[where % code.length] ^= (byte) (1 << bit);
                    return code;
                });
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(50);
        return Arbitraries.oneOf(plausible, mutated, random);
    }

    private static Arbitrary<byte[]> plausibleSlot() {
        Arbitrary<Integer> code = Arbitraries.frequencyOf(
                Tuple.of(3, InstructionArbitraries.arbitrary().map(insn -> Encoder.encode(insn)[0] & 0xff)),
                Tuple.of(1, Arbitraries.integers().between(0, 255)));
        Arbitrary<Integer> register = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(0)),
                Tuple.of(8, Arbitraries.integers().between(1, 10)),
                Tuple.of(1, Arbitraries.integers().between(11, 15)));
        Arbitrary<Integer> offset = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(0)),
                Tuple.of(2, Arbitraries.of(1, 8, 16, 32)),
                Tuple.of(2, Arbitraries.shorts().map(s -> (int) s)));
        Arbitrary<Integer> imm = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(0)),
                Tuple.of(3, Arbitraries.of(1, 16, 32, 64, 0x40, 0x41, 0x50, 0x51, 0xa0, 0xa1, 0xe1, 0xf1)),
                Tuple.of(2, Arbitraries.integers()));
        return Combinators.combine(code, register, register, offset, imm).as(SlotBytes::slot);
    }

    /** The second slot of a 64-bit load: mostly valid (only the immediate set), sometimes not. */
    private static Arbitrary<byte[]> secondSlot() {
        return Arbitraries.oneOf(
                Arbitraries.integers().map(imm -> SlotBytes.slot(0, 0, 0, 0, imm)),
                plausibleSlot());
    }

    private static byte[] asImm64(byte[] slot) {
        slot[0] = 0x18;
        return slot;
    }
}
