package dev.sluice.cli;

import dev.sluice.testing.KernelTests;
import dev.sluice.testing.KernelTest;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.runtime.testing.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every exit code of docs/CLI.md, and every error example of docs/LANGUAGE.md, through the command line. */
class ExitCodesTest {
    @TempDir
    Path dir;

    private Path script(String text) throws Exception {
        Path f = dir.resolve("rules.ebpf");
        Files.writeString(f, text);
        return f;
    }

    /** docs/LANGUAGE.md, "Errors": each example is a script error (exit 1) with file:line:col, the line and a caret. */
    static Stream<Arguments> languageErrors() {
        return Stream.of(
            Arguments.of("xdp { when tcp.dport == 70000 { drop } }", "70000", "70000 is out of range for tcp.dport (0 to 65535)"),
            Arguments.of("xdp { when vlan.id == 5000 { drop } }", "5000", "5000 is out of range for vlan.id (0 to 4095)"),
            Arguments.of("xdp { when ip.src == 10.0.0.0/8 { drop } }", "10.0.0.0/8", "a CIDR needs `in`, not == (ip.src in ...)"),
            Arguments.of("xdp { when tcp.dport == 1.2.3.4 { drop } }", "1.2.3.4", "type mismatch: tcp.dport is a 16-bit number, not an IPv4 address"),
            Arguments.of("xdp { when tcp.dprot == 22 { drop } }", "tcp.dprot", "unknown field tcp.dprot in xdp programs; did you mean tcp.dport?"),
            Arguments.of("set trusty = { 10.0.0.0/8 }\nxdp { when ip.src in trusted { drop } }", "trusted", "undefined set trusted; did you mean trusty?"),
            Arguments.of("kprobe vfs_read { drop }", "drop", "drop is a packet verdict; kprobe programs observe and have none"),
            Arguments.of("xdp { when ip.src in 10.1.2.3/8 { drop } }", "10.1.2.3/8", "'10.1.2.3/8' has host bits set; the network is 10.0.0.0/8"),
            Arguments.of("xdp { drop  when tcp { pass } }", "when", "this statement never runs: an unconditional verdict before it ends the program"),
            Arguments.of("cgroup ingress { when udp { tx } }", "tx", "tx is not a verdict of cgroup_ingress programs (they take pass, drop)"),
            Arguments.of("xdp { when inner.inner.tcp.dport == 22 { drop } }", "inner.tcp.dport", "inner.inner: Sluice reads one tunnel"
                    + " level; inner.inner.tcp.dport would read a tunnel inside the inner packet, which is not followed (inner.tcp.dport"
                    + " reads the packet the outer tunnel carries)"));
    }

    @ParameterizedTest
    @MethodSource("languageErrors")
    void languageErrorExamplesExitOne(String text, String token, String message) throws Exception {
        String source = text.replace("\\n", "\n");
        Path f = script(source);
        MainTest.Outcome o = MainTest.run("compile", f.toString(), "--emit", "asm");
        assertEquals(ExitCodes.SCRIPT_ERROR, o.code(), o.err());
        String[] lines = source.split("\n");
        int line = 0;
        while (!lines[line].contains(token)) line++;
        int column = lines[line].indexOf(token) + 1;
        assertTrue(o.err().startsWith(f + ":" + (line + 1) + ":" + column + ": " + message + "\n  " + lines[line] + "\n  "
                + " ".repeat(column - 1) + "^"), o.err());
        assertFalse(o.err().contains("Exception"), o.err());
    }

    /** {@code check} refuses a second tunnel level, field or raw bytes, with one located line each at the second inner. */
    @Test
    void checkRefusesASecondTunnelLevel() throws Exception {
        Path f = script("xdp { when inner.inner.tcp.dport == 22 { drop } }\ntc ingress { when inner.inner.tcp[13] == 2 { drop } }\n");
        MainTest.Outcome o = MainTest.run("check", f.toString());
        assertEquals(ExitCodes.SCRIPT_ERROR, o.code(), o.err());
        assertTrue(o.err().contains(f + ":1:18: inner.inner: Sluice reads one tunnel level; inner.inner.tcp.dport would read"), o.err());
        assertTrue(o.err().contains(f + ":2:25: inner.inner: Sluice reads one tunnel level; inner.inner.tcp would read"), o.err());
        assertFalse(o.err().contains("Exception") || o.err().contains("expected a name"), o.err());
    }

    @Test
    void anUnreadableSetFileIsBadInput() throws Exception {
        MainTest.Outcome o = MainTest.run("compile", script("set s = file \"missing.txt\"\nxdp { when ip.src in s { drop } }\n").toString(),
                "--emit", "asm");
        assertEquals(ExitCodes.BAD_INPUT, o.code(), o.err());
        assertTrue(o.err().contains("cannot read set file \"missing.txt\""), o.err());
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        Path f = script("xdp { when tcp { drop } }");
        assertEquals(ExitCodes.USAGE, MainTest.run("compile", f.toString(), "--emit", "pdf").code());
        assertEquals(ExitCodes.USAGE, MainTest.run("compile").code());
        assertEquals(ExitCodes.USAGE, MainTest.run("nosuchcommand").code());
        assertEquals(ExitCodes.USAGE, MainTest.run("test", f.toString()).code(), "--pcap or --fuzz is required");
        assertEquals(ExitCodes.USAGE, MainTest.run("check", f.toString(), "--format", "xml").code());
    }

    /** Usage errors from picocli's parsing and from the commands alike: exit 2, the first line starting `sluice:`. */
    static Stream<Arguments> usageErrors() {
        return Stream.of(
            Arguments.of("compile {rules} --emit pdf", "sluice: Invalid value for option '--emit': 'pdf' is not one of elf, asm, hex, json, bpftool-batch"),
            Arguments.of("compile", "sluice: give a rules FILE or --filter 'EXPR'"),
            Arguments.of("compile {rules} --no-such-option", "sluice: Unknown option: '--no-such-option'"),
            Arguments.of("nosuchcommand", "sluice: Unmatched argument at index 0: 'nosuchcommand'"),
            Arguments.of("", "sluice: a command is required"),
            Arguments.of("test {rules}", "sluice: one of --pcap IN.pcap or --fuzz N is required"),
            Arguments.of("test {rules} --pcap x.pcap --fuzz 5", "sluice: --pcap and --fuzz cannot be combined"),
            Arguments.of("test {rules} --pcap x.pcap --seed 5", "sluice: --seed needs --fuzz"),
            Arguments.of("test {rules} --fuzz 0", "sluice: --fuzz must be at least 1"),
            Arguments.of("test {rules} --fuzz 5 --save-failures f.pcap", "sluice: --save-failures needs --property or --kernel: nothing else fails a frame"),
            Arguments.of("test {rules} --fuzz 5 --property nonsense", "sluice: --property \"nonsense\": expected \"PROGRAM: CONDITION => VERDICT\""),
            Arguments.of("test {rules} --fuzz 5 --property fw:tcp=>drop", "sluice: --property \"fw:tcp=>drop\": no packet program fw (the file has socket_1)"),
            Arguments.of("test {rules} --fuzz 5 --property socket_1:tcp=>maybe", "sluice: --property \"socket_1:tcp=>maybe\": maybe is not a verdict (pass, drop, tx, abort, redirect or truncate:N)"),
            Arguments.of("test {rules} --fuzz 5 --property socket_1:tcp.dprot==1=>drop", "sluice: --property \"socket_1:tcp.dprot==1=>drop\": condition column 1: unknown field tcp.dprot in xdp programs; did you mean tcp.dport?"),
            Arguments.of("test {rules} --pcap x.pcap --repeat 5", "sluice: --repeat needs --kernel"),
            Arguments.of("check {rules} --format xml", "sluice: Invalid value for option '--format': expected one of [table, json] (case-sensitive) but was 'xml'"),
            Arguments.of("run {rules} --iface nope --duration 1", "sluice: --iface: no network interface named nope"),
            Arguments.of("run {rules} --duration 1", "sluice: --iface is required: socket_1 attaches to a network interface"),
            Arguments.of("run {rules} --iface lo --mode sideways", "sluice: --mode must be generic, native or offload, not sideways"),
            Arguments.of("run {rules} --iface lo --interval 0", "sluice: --interval must be more than 0 and at most 1e9 seconds"),
            Arguments.of("run {rules} --iface lo --netns no-such-namespace", "sluice: --netns: no network namespace no-such-namespace (see ip netns list)"));
    }

    @ParameterizedTest(name = "sluice {0}")
    @MethodSource("usageErrors")
    void usageErrorsStartWithSluice(String command, String firstLine) throws Exception {
        String rules = script("socket { count seen }\n").toString();
        String[] args = command.isEmpty() ? new String[0] : command.replace("{rules}", rules).split(" ");
        MainTest.Outcome o = MainTest.run(args);
        assertEquals(ExitCodes.USAGE, o.code(), o.err());
        assertEquals(firstLine, o.err().lines().findFirst().orElse(""), o.err());
        assertFalse(o.err().contains("\tat "), o.err());
    }

    @Test
    void unreadableInputsExitFour() throws Exception {
        assertEquals(ExitCodes.BAD_INPUT, MainTest.run("check", dir.resolve("none.ebpf").toString()).code());
        Path notText = dir.resolve("bin.ebpf");
        Files.write(notText, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        MainTest.Outcome o = MainTest.run("compile", notText.toString());
        assertEquals(ExitCodes.BAD_INPUT, o.code(), o.err());
        Path wrongKind = dir.resolve("rules.txt");
        Files.writeString(wrongKind, "xdp { }");
        assertEquals(ExitCodes.BAD_INPUT, MainTest.run("compile", wrongKind.toString()).code());
        Path pcap = dir.resolve("x.pcap");
        Files.writeString(pcap, "not a capture at all, just text");
        MainTest.Outcome bad = MainTest.run("test", script("xdp { }").toString(), "--pcap", pcap.toString());
        assertEquals(ExitCodes.BAD_INPUT, bad.code(), bad.err());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
    }

    /** Without CAP_BPF and friends, `check` and `test --kernel` name what is missing and exit 3. */
    @Test
    @KernelTest
    void theKernelRefusingExitsThree() throws Exception {
        String capsh = KernelTests.tool("capsh", "libcap2-bin");
        Path f = script("xdp { when tcp.dport == 22 { drop } }\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = java + " -cp '" + System.getProperty("java.class.path") + "' " + Main.class.getName()
                + " check " + f + "; echo \"exit=$?\"";
        Shell.Result r = Shell.tryRun(capsh, "--drop=cap_sys_admin,cap_bpf,cap_perfmon,cap_net_admin", "--", "-c", command);
        assertTrue(r.output().contains("exit=3"), r.output());
        assertTrue(r.output().contains("CAP_BPF"), r.output());
        assertFalse(r.output().contains("Exception"), r.output());
        assertEquals(2, r.output().strip().lines().count(), r.output());
    }
}
