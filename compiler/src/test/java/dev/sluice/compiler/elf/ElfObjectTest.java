package dev.sluice.compiler.elf;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.isa.Decoder;
import dev.sluice.compiler.isa.Instruction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ElfObjectTest {
    static final Path EXAMPLE = Path.of("..", "examples", "objects", "drop_ssh.o");

    static byte[] example() throws IOException {
        return Files.readAllBytes(EXAMPLE);
    }

    @Test
    void readsTheLlvmBuiltExample() throws IOException {
        ElfObject elf = ElfObject.read(example());
        ElfSection xdp = elf.section("xdp").orElseThrow();
        assertTrue(xdp.isExecutable());
        assertEquals(21 * 8, xdp.data().length);
        List<ElfSymbol> functions = elf.functionsIn(xdp.index());
        assertEquals(1, functions.size());
        assertEquals("drop_ssh", functions.get(0).name());
        assertEquals(ElfSymbol.STB_GLOBAL, functions.get(0).binding());
        assertEquals("GPL\0", new String(elf.section("license").orElseThrow().data()));
        List<Instruction> code = Decoder.decode(xdp.data());
        assertEquals(21, code.size());
        assertInstanceOf(Instruction.Exit.class, code.get(20));
    }

    @Test
    void rejectsAnotherMachine() throws IOException {
        byte[] file = example();
        file[18] = 62;
        ElfFormatException e = assertThrows(ElfFormatException.class, () -> ElfObject.read(file));
        assertEquals(18, e.offset());
        assertTrue(e.getMessage().contains("e_machine 62"), e.getMessage());
    }

    @Test
    void rejectsTruncation() throws IOException {
        byte[] file = example();
        for (int len : new int[] {0, 3, 63, 64, 200, file.length - 1}) {
            byte[] cut = Arrays.copyOf(file, len);
            assertThrows(ElfFormatException.class, () -> ElfObject.read(cut), "length " + len);
        }
    }

    @Test
    void rejectsASectionPastTheEnd() throws IOException {
        byte[] file = example();
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        long shoff = b.getLong(40);
        int xdpHeader = (int) shoff + 3 * 64;
        b.putLong(xdpHeader + 32, 1L << 40);
        ElfFormatException e = assertThrows(ElfFormatException.class, () -> ElfObject.read(file));
        assertEquals(xdpHeader + 24, e.offset());
    }

    /** Corruption anywhere gives an object or an ElfFormatException, never another failure. */
    @Property(tries = 2000)
    void randomCorruptionFailsCleanly(@ForAll @IntRange(min = 1, max = 8) int flips,
                                      @ForAll("seeds") long seed) throws IOException {
        byte[] file = example();
        java.util.Random random = new java.util.Random(seed);
        for (int i = 0; i < flips; i++) {
            file[random.nextInt(file.length)] = (byte) random.nextInt(256);
        }
        if (random.nextInt(4) == 0) file = Arrays.copyOf(file, random.nextInt(file.length));
        try {
            ElfObject.read(file);
        } catch (ElfFormatException expected) {
            assertTrue(expected.offset() >= 0);
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Long> seeds() {
        return net.jqwik.api.Arbitraries.longs();
    }
}
