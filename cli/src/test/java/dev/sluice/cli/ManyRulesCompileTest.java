package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice compile} on tens of thousands of one-line rules, as a new user would write them:
 * the object is written in time that grows with the rules (not with their square), and a program
 * the kernel could never load is refused with one line before any object is written.
 */
class ManyRulesCompileTest {
    @TempDir
    Path dir;

    /** {@code n} rules {@code when ip.src == A and udp.dport == P { count cK drop }}, one a line. */
    private Path rules(int n) throws Exception {
        StringBuilder text = new StringBuilder("xdp rules {\n");
        for (int i = 0; i < n; i++) {
            long a = 0x0a000000L + i;
            text.append("    when ip.src == ").append(a >>> 24).append('.').append((a >>> 16) & 0xff).append('.')
                    .append((a >>> 8) & 0xff).append('.').append(a & 0xff).append(" and udp.dport == ").append(1024 + i % 60000)
                    .append(" { count c").append(i % 16).append(" drop }\n");
        }
        Path f = dir.resolve("rules" + n + ".ebpf");
        Files.writeString(f, text.append("}\n"));
        return f;
    }

    /**
     * 30,000 rules (about 630,000 instructions) take a few seconds; the line-info writer once split
     * the whole file into lines for every rule, which took many minutes at this size. The bound is
     * ten times what it takes on a busy 2-CPU machine, so it fails only on the quadratic step.
     */
    @Test
    void thirtyThousandRulesWriteAnObjectWithLineInfo() throws Exception {
        Path f = rules(30_000);
        Path out = dir.resolve("rules.o");
        MainTest.Outcome o = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> MainTest.run("compile", f.toString(), "-o", out.toString()));
        assertEquals(0, o.code(), o.err());
        String object = new String(Files.readAllBytes(out), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(object.contains("when ip.src == 10.0.117.47 and udp.dport == 31023 { count c15 drop }"),
                "the line info quotes the 30,000th rule");
    }

    @Test
    void aProgramOverTheKernelsInstructionLimitIsRefusedInOneLine() throws Exception {
        Path f = rules(50_000);
        Path out = dir.resolve("rules.o");
        MainTest.Outcome o = MainTest.run("compile", f.toString(), "-o", out.toString());
        assertEquals(ExitCodes.SCRIPT_ERROR, o.code(), o.err());
        assertTrue(o.err().startsWith(f + ":1:1: program rules compiles to 1,050,117 instructions, over the kernel's limit of"
                + " 1,000,000 per program; split its rules over programs or put the values in a named set\n"), o.err());
        assertFalse(o.err().contains("Exception"), o.err());
        assertFalse(Files.exists(out), "no object is written");
    }
}
