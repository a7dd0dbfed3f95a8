package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice compile} on many one-line rules, as a new user would write them: the object is
 * written in time that grows with the file (not with rules times lines), and a program
 * the kernel could never load is refused with one line before any object is written.
 */
class ManyRulesCompileTest {
    @TempDir
    Path dir;

    /** {@code n} rules {@code when ip.src == A and udp.dport == P { count cK drop }}, one a line. */
    private Path rules(int n) throws Exception {
        return rules(n, 0);
    }

    /** As {@link #rules(int)}, each rule followed by {@code comments} comment lines. */
    private Path rules(int n, int comments) throws Exception {
        StringBuilder text = new StringBuilder("xdp rules {\n");
        for (int i = 0; i < n; i++) {
            long a = 0x0a000000L + i;
            text.append("    when ip.src == ").append(a >>> 24).append('.').append((a >>> 16) & 0xff).append('.')
                    .append((a >>> 8) & 0xff).append('.').append(a & 0xff).append(" and udp.dport == ").append(1024 + i % 60000)
                    .append(" { count c").append(i % 16).append(" drop }\n");
            text.append("#\n".repeat(comments));
        }
        Path f = dir.resolve("rules" + n + ".ebpf");
        Files.writeString(f, text.append("}\n"));
        return f;
    }

    /**
     * The line-info writer once split the whole file into lines for every rule it quoted: with
     * 10,000 rules among 2,000,000 comment lines, 10,000 splits of a 2,000,000-line text (minutes).
     * Split once, the object takes seconds; the bound is far from both.
     */
    @Test
    void rulesAmongManyLinesWriteAnObjectWithLineInfo() throws Exception {
        Path f = rules(10_000, 200);
        Path out = dir.resolve("rules.o");
        MainTest.Outcome o = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> MainTest.run("compile", f.toString(), "-o", out.toString()));
        assertEquals(0, o.code(), o.err());
        String object = new String(Files.readAllBytes(out), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(object.contains("when ip.src == 10.0.39.15 and udp.dport == 11023 { count c15 drop }"),
                "the line info quotes the 10,000th rule");
    }

    @Test
    void aProgramOverTheKernelsInstructionLimitIsRefusedInOneLine() throws Exception {
        // 15 instructions a rule (the xdp counter adds without the lock prefix) and 138 more: 75,000 rules are over the limit.
        // (103 more before the rare headers' code moved after the rules: each of the parse's 19 jumps there is now
        // too far for 16 bits and becomes a short jump over a gotol. One more since IPv6's jump into the UDP parse is
        // a straight goto, not folded into the protocol test: CodeBuilder.goToStraight. Five fewer since the parse's IPv6
        // extension headers changed on 2026-12-06: the loop notes a later fragment on the stack, tells a fifth
        // header at its head, and tests types 43, 44 and 60 off the straight path. One more where the rules' ip.src, in r6,
        // is set to all ones again behind the extension headers: ParsedFields.resetIpv4Sentinel.)
        Path f = rules(75_000);
        Path out = dir.resolve("rules.o");
        MainTest.Outcome o = MainTest.run("compile", f.toString(), "-o", out.toString());
        assertEquals(ExitCodes.SCRIPT_ERROR, o.code(), o.err());
        assertTrue(o.err().startsWith(f + ":1:1: program rules compiles to 1,125,138 instructions, over the kernel's limit of"
                + " 1,000,000 per program; split its rules over programs or put the values in a named set\n"), o.err());
        assertFalse(o.err().contains("Exception"), o.err());
        assertFalse(Files.exists(out), "no object is written");
    }
}
