package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DisasmCommandTest {
    static final Path EXAMPLE = Path.of("..", "examples", "objects", "drop_ssh.o");

    @Test
    void disassemblesTheExample() {
        MainTest.Outcome o = MainTest.run("disasm", EXAMPLE.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("section xdp:"), o.out());
        assertTrue(o.out().contains("drop_ssh:"), o.out());
        assertTrue(o.out().contains("   18: (55) if r5 != 5632 goto +1"), o.out());
        assertTrue(o.out().contains("   20: (95) exit"), o.out());
    }

    @Test
    void missingFileExitsFour() {
        MainTest.Outcome o = MainTest.run("disasm", "does-not-exist.o");
        assertEquals(ExitCodes.BAD_INPUT, o.code());
        assertEquals("sluice: does-not-exist.o: cannot read: no such file", o.err().strip());
    }

    @Test
    void notAnElfExitsFour(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.o");
        Files.writeString(f, "hello");
        MainTest.Outcome o = MainTest.run("disasm", f.toString());
        assertEquals(ExitCodes.BAD_INPUT, o.code());
        assertTrue(o.err().contains("not a valid eBPF object"), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
    }

    @Test
    void missingArgumentIsUsage() {
        assertEquals(ExitCodes.USAGE, MainTest.run("disasm").code());
    }

    /** Random corruption of the example: a listing or a one-line error with exit 4, nothing else. */
    @Property(tries = 300)
    void corruptObjectsFailCleanly(@ForAll @IntRange(min = 1, max = 6) int flips, @ForAll long seed) throws Exception {
        byte[] bytes = Files.readAllBytes(EXAMPLE);
        Random random = new Random(seed);
        for (int i = 0; i < flips; i++) bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        Path f = Files.createTempFile("corrupt", ".o");
        try {
            Files.write(f, bytes);
            MainTest.Outcome o = MainTest.run("disasm", f.toString());
            assertTrue(o.code() == 0 || o.code() == ExitCodes.BAD_INPUT, o.code() + " " + o.err());
            if (o.code() != 0) {
                assertEquals(1, o.err().strip().lines().count(), o.err());
                assertFalse(o.err().contains("internal error"), o.err());
            }
        } finally {
            Files.delete(f);
        }
    }
}
