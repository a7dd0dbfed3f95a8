package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
    record Outcome(int code, String out, String err) {}

    static Outcome run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void helpListsCommandsAndExitsZero() {
        Outcome o = run("--help");
        assertEquals(0, o.code());
        assertTrue(o.out().contains("classpath"), o.out());
    }

    @Test
    void noCommandIsAUsageError() {
        Outcome o = run();
        assertEquals(ExitCodes.USAGE, o.code());
        assertTrue(o.err().contains("a command is required"), o.err());
    }

    @Test
    void unknownCommandIsAUsageErrorWithoutStackTrace() {
        Outcome o = run("frobnicate");
        assertEquals(ExitCodes.USAGE, o.code());
        assertFalse(o.err().contains("\tat "), o.err());
    }

    /** --version names the version and the commit the build comes from (this checkout's HEAD when built here). */
    @Test
    void versionNamesTheCommit() {
        String head = dev.sluice.runtime.testing.Shell.run("git", "rev-parse", "--short=7", "HEAD");
        for (String command : new String[] {"--version", "-V"}) {
            Outcome o = run(command);
            assertEquals(0, o.code(), o.err());
            assertEquals("sluice 0.1.0-SNAPSHOT (commit " + head + ")\n", o.out());
        }
        assertEquals("sluice 0.1.0-SNAPSHOT (commit " + head + ")\n", run("compile", "--version").out());
    }

    @Test
    void classpathNamesAnExistingLocation() throws Exception {
        Outcome o = run("classpath");
        assertEquals(0, o.code());
        assertTrue(new java.io.File(o.out().trim()).exists(), o.out());
        assertEquals(java.nio.file.Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()) + "\n",
                o.out(), "the location of the entry point");
    }
}
