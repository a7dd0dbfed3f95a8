package dev.sluice.cli;

import dev.sluice.testing.KernelTests;
import dev.sluice.testing.KernelTest;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.runtime.testing.Shell;
import dev.sluice.runtime.testing.VethPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each command that talks to the kernel, run as the user would in a child JVM with capabilities
 * dropped by capsh: it exits 3 with one {@code sluice:} line naming the capability that is
 * missing, never an internal error (exit 70) or a stack trace.
 */
class CapabilityRefusalTest {
    private static final Path SAMPLE_PCAP = Path.of("..", "examples", "sample.pcap");
    private static final Path TRACE = Path.of("..", "examples", "trace.ebpf");
    private static final String XDP = "xdp { when tcp.dport == 7000 { drop } }\n";
    private static final String SOCKET = "socket { when udp { drop } }\n";

    @TempDir
    Path dir;

    /** The command's exit code and everything it printed, run with {@code drop} removed from its capabilities. */
    static Shell.Result without(String drop, String... args) {
        String capsh = KernelTests.tool("capsh", "libcap2-bin");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StringBuilder command = new StringBuilder("exec " + java + " -cp '" + System.getProperty("java.class.path") + "' "
                + Main.class.getName());
        for (String a : args) command.append(" '").append(a).append('\'');
        return Shell.tryRun(capsh, "--drop=" + drop, "--", "-c", command.toString());
    }

    private Path script(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    /** Exit 3, and every line a {@code sluice:} line; the last one names {@code capability}. */
    static void refused(Shell.Result r, String capability) {
        assertEquals(ExitCodes.KERNEL_REFUSED, r.exitCode(), r.output());
        List<String> lines = r.output().lines().toList();
        assertFalse(lines.isEmpty(), "no message");
        for (String line : lines) assertTrue(line.startsWith("sluice: "), r.output());
        assertTrue(lines.get(lines.size() - 1).contains(capability), r.output());
        assertFalse(r.output().contains("internal error") || r.output().contains("Exception") || r.output().contains("\tat "), r.output());
    }

    /** The reported case: CAP_BPF and CAP_NET_ADMIN are there, CAP_SYS_ADMIN (which setns needs) is not. */
    @Test
    @KernelTest
    void runInANamespaceWithoutCapSysAdmin() throws Exception {
        Path rules = script("drop.ebpf", XDP);
        try (VethPair pair = VethPair.create()) {
            Shell.Result r = without("cap_sys_admin", "run", rules.toString(), "--netns", pair.namespaceA(), "--iface",
                    pair.interfaceA(), "--duration", "1");
            refused(r, "CAP_SYS_ADMIN");
            assertEquals(1, r.output().lines().count(), r.output());
            assertTrue(r.output().contains("entering network namespace " + pair.namespaceA()), r.output());
        }
    }

    @Test
    @KernelTest
    void everyKernelCommandWithoutCapBpf() throws Exception {
        String noBpf = "cap_sys_admin,cap_bpf";
        Path rules = script("drop.ebpf", XDP);
        List<String> seen = new ArrayList<>();
        for (String[] command : List.of(
                new String[] {"check", rules.toString()},
                new String[] {"test", rules.toString(), "--pcap", SAMPLE_PCAP.toString(), "--kernel"},
                new String[] {"run", rules.toString(), "--iface", "lo", "--duration", "1"},
                new String[] {"probe"})) {
            Shell.Result r = without(noBpf, command);
            refused(r, "CAP_BPF");
            seen.add(command[0]);
        }
        assertEquals(List.of("check", "test", "run", "probe"), seen);
    }

    @Test
    @KernelTest
    void networkProgramsWithoutCapNetAdmin() throws Exception {
        Path rules = script("drop.ebpf", XDP);
        refused(without("cap_sys_admin,cap_net_admin", "check", rules.toString()), "CAP_BPF and CAP_NET_ADMIN");
        refused(without("cap_sys_admin,cap_net_admin", "run", rules.toString(), "--iface", "lo", "--duration", "1"),
                "CAP_BPF and CAP_NET_ADMIN");
    }

    @Test
    @KernelTest
    void traceProgramsWithoutCapPerfmon() {
        refused(without("cap_sys_admin,cap_perfmon", "check", TRACE.toString()), "CAP_PERFMON");
        refused(without("cap_sys_admin,cap_perfmon", "run", TRACE.toString(), "--duration", "1"), "CAP_PERFMON");
    }

    /** compile, disasm and test without --kernel never call the kernel: no capability is needed, and none is asked for. */
    @Test
    void commandsThatDoNotTouchTheKernelNeedNoCapability() throws Exception {
        String none = "cap_sys_admin,cap_bpf,cap_perfmon,cap_net_admin,cap_net_raw";
        Path rules = script("drop.ebpf", XDP);
        Path object = dir.resolve("drop.o");
        Shell.Result compile = without(none, "compile", rules.toString(), "-o", object.toString());
        assertEquals(ExitCodes.OK, compile.exitCode(), compile.output());
        assertEquals(ExitCodes.OK, without(none, "disasm", object.toString()).exitCode());
        assertEquals(ExitCodes.OK, without(none, "test", rules.toString(), "--pcap", SAMPLE_PCAP.toString()).exitCode());
    }

    /** A socket filter loads with CAP_BPF, but the packet socket it sits on needs CAP_NET_RAW (CAP_SYS_ADMIN does not stand in). */
    @Test
    @KernelTest
    void socketFiltersWithoutCapNetRaw() throws Exception {
        Shell.Result r = without("cap_net_raw", "run", script("socket.ebpf", SOCKET).toString(), "--iface", "lo", "--duration", "1");
        refused(r, "CAP_NET_RAW");
        assertTrue(r.output().contains("opening a packet socket needs CAP_NET_RAW;"), r.output());
    }
}
