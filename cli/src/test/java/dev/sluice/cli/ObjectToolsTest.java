package dev.sluice.cli;

import dev.sluice.testing.KernelTests;
import dev.sluice.testing.KernelTest;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.runtime.testing.Bpffs;
import dev.sluice.runtime.testing.Shell;
import dev.sluice.runtime.testing.VethPair;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `sluice compile` writes, read by the standard tools: ip, tc, llvm-objdump, llvm-readelf, bpftool. */
class ObjectToolsTest {
    static final int PORT = 6100;
    static final String SCRIPT = "xdp drop_udp {\n    when udp.dport == " + PORT + " { count dropped  drop }\n}\n"
            + "tc ingress tc_drop {\n    when udp.dport == " + PORT + " { drop }\n}\n"
            + "set nets = { 10.0.0.0/8, 192.168.0.0/16 }\n"
            + "tc egress tc_count {\n    when ip.dst in nets { count to_nets }\n}\n";

    @TempDir
    Path dir;

    private Path compile() throws Exception {
        Path script = dir.resolve("drop.ebpf");
        Files.writeString(script, SCRIPT);
        Path object = dir.resolve("drop.o");
        MainTest.Outcome o = MainTest.run("compile", script.toString(), "-o", object.toString());
        assertEquals(0, o.code(), o.err());
        return object;
    }

    @Test
    @KernelTest
    void ipAttachesTheXdpSectionAndItDrops() throws Exception {
        KernelTests.tool("ip", "iproute2");
        Path object = compile();
        try (VethPair pair = VethPair.create()) {
            Shell.run("ip", "-n", pair.namespaceA(), "link", "set", "dev", pair.interfaceA(), "xdpgeneric", "obj", object.toString(), "sec", "xdp");
            long before = pair.udpReceivedByA();
            pair.sendUdpToA(100, PORT, 8);
            pair.sendUdpToA(40, PORT + 1, 8);
            assertEquals(40, pair.udpReceivedByA() - before, "only the other port's datagrams arrive");
            Shell.run("ip", "-n", pair.namespaceA(), "link", "set", "dev", pair.interfaceA(), "xdpgeneric", "off");
        }
    }

    @Test
    @KernelTest
    void tcAttachesTheTcSectionAndItDrops() throws Exception {
        KernelTests.tool("tc", "iproute2");
        Path object = compile();
        try (VethPair pair = VethPair.create()) {
            Shell.run("ip", "netns", "exec", pair.namespaceA(), "tc", "qdisc", "add", "dev", pair.interfaceA(), "clsact");
            // The tc section holds two programs; tc takes the first, tc_drop.
            Shell.run("ip", "netns", "exec", pair.namespaceA(), "tc", "filter", "add", "dev", pair.interfaceA(), "ingress",
                    "bpf", "da", "obj", object.toString(), "sec", "tc");
            long before = pair.udpReceivedByA();
            pair.sendUdpToA(90, PORT, 8);
            pair.sendUdpToA(30, PORT + 1, 8);
            assertEquals(30, pair.udpReceivedByA() - before);
        }
    }

    @Test
    void llvmObjdumpAndSluiceDisasmAgree() throws Exception {
        KernelTests.tool("llvm-objdump", "llvm");
        DisasmAgreesWithLlvmTest.agree(compile());
    }

    @Test
    void llvmReadelfFindsNoProblems() throws Exception {
        String readelf = KernelTests.tool("llvm-readelf", "llvm");
        String out = Shell.run(readelf, "-a", compile().toString());
        assertFalse(out.toLowerCase().contains("warning"), out);
        assertFalse(out.toLowerCase().contains("error"), out);
        assertTrue(out.contains("drop_udp") && out.contains("tc_count") && out.contains(".sluice.map_init"), out);
    }

    @Test
    @KernelTest
    void bpftoolListsOurTypesAndLoadsEveryProgram() throws Exception {
        String bpftool = KernelTests.tool("bpftool", "bpftool");
        Path object = compile();
        String btf = Shell.run(bpftool, "btf", "dump", "file", object.toString());
        assertTrue(btf.contains("FUNC 'drop_udp'") && btf.contains("FUNC 'tc_count'") && btf.contains("VAR 'nets_ip_dst'"), btf);
        try (Bpffs mount = Bpffs.mount()) {
            Path pins = mount.path().resolve("progs");
            Shell.run(bpftool, "prog", "loadall", object.toString(), pins.toString());
            try {
                for (String p : new String[] {"drop_udp", "tc_drop", "tc_count"}) assertTrue(Files.exists(pins.resolve(p)), p);
                String xlated = Shell.run(bpftool, "prog", "dump", "xlated", "pinned", pins.resolve("tc_count").toString());
                assertTrue(xlated.contains("; when ip.dst in nets { count to_nets }"), xlated);
            } finally {
                Shell.run("rm", "-rf", pins.toString());
            }
        }
    }
}
