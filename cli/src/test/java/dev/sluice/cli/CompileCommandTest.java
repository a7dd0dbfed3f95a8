package dev.sluice.cli;

import dev.sluice.testing.KernelTests;
import dev.sluice.testing.KernelTest;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.elf.ElfObject;
import dev.sluice.runtime.testing.Bpffs;
import dev.sluice.runtime.testing.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import dev.sluice.testing.Capture;
import dev.sluice.runtime.BpfProgram;
import dev.sluice.runtime.LoadedObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompileCommandTest {
    static final Path RULES = Path.of("src", "test", "resources", "rules");

    @Test
    void javaRulesCompileToAnObjectWithOneSectionPerProgram(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("rules.o");
        MainTest.Outcome o = MainTest.run("compile", RULES.resolve("Rules.java").toString(), "-o", out.toString());
        assertEquals(0, o.code(), o.err());
        ElfObject elf = ElfObject.read(Files.readAllBytes(out));
        // Both are XDP programs: one "xdp" section holds both functions, as clang puts them.
        assertEquals(1, elf.sections().stream().filter(s -> s.isExecutable() && s.data().length > 0).count());
        assertTrue(elf.symbols().stream().anyMatch(s -> s.name().equals("ssh")));
        assertTrue(elf.symbols().stream().anyMatch(s -> s.name().equals("firewall")));
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    @KernelTest
    void bpftoolLoadsEveryProgramOfTheObject(@TempDir Path dir) throws Exception {
        String bpftool = KernelTests.tool("bpftool", "bpftool");
        Path out = dir.resolve("rules.o");
        assertEquals(0, MainTest.run("compile", RULES.resolve("Rules.java").toString(), "-o", out.toString()).code());
        try (Bpffs mount = Bpffs.mount()) {
            Path pins = mount.path().resolve("progs");
            Shell.run(bpftool, "prog", "loadall", out.toString(), pins.toString());
            assertTrue(Files.exists(pins.resolve("ssh")) && Files.exists(pins.resolve("firewall")));
            String xlated = Shell.run(bpftool, "prog", "dump", "xlated", "pinned", pins.resolve("ssh").toString());
            assertTrue(xlated.contains("; public static Program ssh = xdp().when(tcp().dport(22)).drop();"),
                    "a Java rule is shown by its Java line:\n" + xlated);
            Shell.run("rm", "-rf", pins.toString());
        }
    }

    /** Set members travel in the object: Sluice's loader fills the maps, so the firewall drops its blocked source. */
    @Test
    @KernelTest
    void setsTravelInTheObjectAndTheLoaderFillsThem(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("fw.o");
        assertEquals(0, MainTest.run("compile", ExamplesTest.SCRIPT, "-o", out.toString()).code());
        List<Capture.Packet> packets = Capture.read(Files.readAllBytes(Path.of(ExamplesTest.PCAP))).packets();
        try (LoadedObject object = LoadedObject.load(Files.readAllBytes(out), out.toString())) {
            BpfProgram firewall = object.program("firewall");
            assertEquals(1, firewall.testRun(packets.get(0).data()).retval(), "ssh from an untrusted source drops");
            assertEquals(2, firewall.testRun(packets.get(1).data()).retval(), "ssh from a trusted source passes");
            assertEquals(1, firewall.testRun(packets.get(2).data()).retval(), "a blocked source drops");
        }
    }

    /** For other loaders: bpftool loadall, then the batch of map updates, fill the same maps. */
    @Test
    @KernelTest
    void bpftoolBatchFillsTheSetsOfALoadedObject(@TempDir Path dir) throws Exception {
        String bpftool = KernelTests.tool("bpftool", "bpftool");
        Path out = dir.resolve("fw.o");
        Path batch = dir.resolve("fw.batch");
        assertEquals(0, MainTest.run("compile", ExamplesTest.SCRIPT, "-o", out.toString()).code());
        assertEquals(0, MainTest.run("compile", ExamplesTest.SCRIPT, "--emit", "bpftool-batch", "-o", batch.toString()).code());
        List<String> lines = Files.readAllLines(batch);
        // The IPv4 members of trusted (2) and blocked (2) in their hashes (no rule reads ip6.src), and
        // their /16 directories' entries: 10.0.0.0/8 covers 256 /16s, 192.168.0.0/16 one, blocked's members one each.
        assertEquals(4, lines.stream().filter(l -> l.startsWith("map update name trusted_ip_src key ")
                || l.startsWith("map update name blocked_ip_src key ")).count(), lines.toString());
        assertEquals(263, lines.size());
        assertTrue(lines.contains("map update name blocked_ip_src key hex 20 00 00 00 c6 33 64 07 value hex 01"), lines.toString());
        // The batch names maps by name: the maps of a program loaded just before (another test's) must be gone
        // first, and the kernel frees them only after an RCU grace period.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (Shell.run(bpftool, "map", "show").contains("name blocked_ip_src ") && System.nanoTime() < deadline) Thread.sleep(50);
        try (Bpffs mount = Bpffs.mount()) {
            Path pins = mount.path().resolve("progs");
            Path maps = mount.path().resolve("maps");
            Shell.run(bpftool, "prog", "loadall", out.toString(), pins.toString(), "pinmaps", maps.toString());
            try {
                String xlated = Shell.run(bpftool, "prog", "dump", "xlated", "pinned", pins.resolve("firewall").toString());
                for (String rule : List.of("xdp firewall {", "when tcp.dport == 22 and ip.src not in trusted { drop }",
                        "when ip.src in blocked { count blocked_hits  drop }", "when udp.dport in {53, 5353} { count dns }")) {
                    assertTrue(xlated.contains("; " + rule + "\n"), rule + " in:\n" + xlated);
                }
                runBatchWhenItsMapNamesAreUnique(bpftool, batch);
                String dump = Shell.run(bpftool, "map", "dump", "pinned", maps.resolve("blocked_ip_src").toString());
                assertTrue(dump.contains("c6 33 64 07"), dump);
            } finally {
                Shell.run("rm", "-rf", pins.toString(), maps.toString());
            }
        }
    }

    /**
     * The batch names maps by name, as a user's would; a map of the same name in another process (a
     * test run beside this one) makes bpftool refuse it, so it is tried again until that one is gone.
     */
    private static void runBatchWhenItsMapNamesAreUnique(String bpftool, Path batch) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            try {
                Shell.run(bpftool, "batch", "file", batch.toString());
                return;
            } catch (IllegalStateException e) {
                if (!e.getMessage().contains("several maps match this handle") || System.nanoTime() > deadline) throw e;
                Thread.sleep(200);
            }
        }
    }

    @Test
    void asmNamesEachProgramAndItsSize() {
        MainTest.Outcome o = MainTest.run("compile", RULES.resolve("Rules.java").toString(), "--emit", "asm");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().startsWith("xdp ssh: "), o.out());
        assertTrue(o.out().contains("\nxdp firewall: "), o.out());
        assertTrue(o.out().contains("(95) exit"), o.out());
    }

    @Test
    void hexAndJsonCarryTheSameCode() {
        MainTest.Outcome hex = MainTest.run("compile", RULES.resolve("Rules.java").toString(), "--emit", "hex");
        MainTest.Outcome json = MainTest.run("compile", RULES.resolve("Rules.java").toString(), "--emit", "json");
        assertEquals(0, hex.code(), hex.err());
        assertEquals(0, json.code(), json.err());
        String sshHex = hex.out().split("# xdp firewall\n")[0].replace("# xdp ssh\n", "").replace(" ", "").replace("\n", "");
        assertTrue(json.out().contains("\"name\":\"ssh\",\"hook\":\"xdp\",\"section\":\"xdp\",\"insns\":" + sshHex.length() / 16
                + ",\"code\":\"" + sshHex + "\""), json.out());
        assertTrue(json.out().contains("{\"name\":\"counters\",\"type\":\"percpu_array\""), json.out());
    }

    @Test
    void scriptErrorsExitOneWithEveryDiagnosticAndNoOutputFile(@TempDir Path dir) {
        Path out = dir.resolve("broken.o");
        MainTest.Outcome o = MainTest.run("compile", RULES.resolve("Broken.java").toString(), "-o", out.toString());
        assertEquals(ExitCodes.SCRIPT_ERROR, o.code());
        assertTrue(o.err().contains("Broken.java:5: 70000 is out of range for tcp.dport (0 to 65535)"), o.err());
        assertTrue(o.err().contains("Broken.java:6: a CIDR needs `in`, not == (ip.src in ...)"), o.err());
        assertTrue(o.err().contains("  public static Program ssh = xdp().when(tcp().dport(70000)).drop();") , o.err());
        assertFalse(o.err().contains("Exception"), o.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void javaCompileErrorsAreScriptErrorsWithLineAndColumn() {
        MainTest.Outcome o = MainTest.run("compile", RULES.resolve("Typo.java").toString(), "--emit", "asm");
        assertEquals(ExitCodes.SCRIPT_ERROR, o.code());
        assertTrue(o.err().startsWith(RULES.resolve("Typo.java") + ":5:"), o.err());
        assertTrue(o.err().contains("cannot find symbol"), o.err());
        assertTrue(o.err().contains("^"), o.err());
    }

    /** Probes read arguments from pt_regs, whose layout depends on the architecture: x86_64 has di at 112, arm64 x0 at 0. */
    @Test
    void archSelectsThePtRegsLayout(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("p.ebpf");
        Files.writeString(script, "kprobe vfs_read { sum bytes arg2 }\n");
        MainTest.Outcome x86 = MainTest.run("compile", script.toString(), "--emit", "asm", "--arch", "x86_64");
        MainTest.Outcome arm = MainTest.run("compile", script.toString(), "--emit", "asm", "--arch", "arm64");
        assertEquals(0, x86.code(), x86.err());
        assertEquals(0, arm.code(), arm.err());
        assertTrue(x86.out().contains("= *(u64 *)(r7 +96)"), x86.out());
        assertTrue(arm.out().contains("= *(u64 *)(r7 +16)"), arm.out());
        assertEquals(ExitCodes.USAGE, MainTest.run("compile", script.toString(), "--arch", "mips").code());
    }

    /** args.NAME comes from a format file given on the command line, for a tracepoint this machine may not have. */
    @Test
    void tracepointFormatsFromTheCommandLine(@TempDir Path dir) throws Exception {
        Path format = dir.resolve("format");
        Files.writeString(format, "name: made_up\nID: 9999\nformat:\n\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
                + "\tfield:u64 bytes;\toffset:40;\tsize:8;\tsigned:0;\n\nprint fmt: \"x\"\n");
        Path script = dir.resolve("t.ebpf");
        Files.writeString(script, "tracepoint custom:made_up { sum total args.bytes }\n");
        MainTest.Outcome o = MainTest.run("compile", script.toString(), "--emit", "asm", "--tracepoint-format", "custom:made_up=" + format);
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("= *(u64 *)(r7 +40)"), o.out());
        MainTest.Outcome without = MainTest.run("compile", script.toString(), "--emit", "asm");
        assertEquals(ExitCodes.SCRIPT_ERROR, without.code());
        assertTrue(without.err().contains("cannot read the format of tracepoint custom:made_up"), without.err());
    }

    @Test
    void anUnreadableFileExitsFour() {
        MainTest.Outcome o = MainTest.run("compile", "nope.ebpf");
        assertEquals(ExitCodes.BAD_INPUT, o.code());
        assertEquals("sluice: nope.ebpf: cannot read: no such file", o.err().strip());
    }

    @Test
    void anUnknownEmitIsUsage() {
        assertEquals(ExitCodes.USAGE, MainTest.run("compile", RULES.resolve("Rules.java").toString(), "--emit", "wasm").code());
    }
}
