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

    /** Cut anywhere, from inside the ELF header to the last byte: one line, exit 4, no listing. */
    @Test
    void truncatedObjectsExitFourWithOneLine(@TempDir Path dir) throws Exception {
        byte[] bytes = Files.readAllBytes(EXAMPLE);
        for (int length : new int[] {0, 4, 63, 64, 200, bytes.length / 2, bytes.length - 1}) {
            Path f = dir.resolve("cut" + length + ".o");
            Files.write(f, java.util.Arrays.copyOf(bytes, length));
            MainTest.Outcome o = MainTest.run("disasm", f.toString());
            assertEquals(ExitCodes.BAD_INPUT, o.code(), length + ": " + o.err());
            assertTrue(o.err().startsWith("sluice: " + f + ": not a valid eBPF object: "), o.err());
            assertEquals(1, o.err().strip().lines().count(), o.err());
            assertEquals("", o.out());
        }
    }

    /** The BTF is read only to tell kconfig from ksym externs; when it is broken, that is the error. */
    @Test
    void brokenBtfUnderAnExternExitsFourWithOneLine(@TempDir Path dir) throws Exception {
        Path object = DisasmAgreesWithLlvmTest.relocationsObject(dir);
        byte[] bytes = Files.readAllBytes(object);
        byte[] magic = {(byte) 0x9f, (byte) 0xeb, 1, 0};
        int at = 0;
        while (!java.util.Arrays.equals(bytes, at, at + 4, magic, 0, 4)) at++;
        bytes[at] = 0;
        Files.write(object, bytes);
        MainTest.Outcome o = MainTest.run("disasm", object.toString());
        assertEquals(ExitCodes.BAD_INPUT, o.code(), o.err());
        assertEquals("sluice: " + object + ": not a valid eBPF object: offset 0: not a BTF blob (bad magic)", o.err().strip());
        assertEquals("", o.out());
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
