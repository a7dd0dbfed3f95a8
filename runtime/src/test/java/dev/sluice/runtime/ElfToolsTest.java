package dev.sluice.runtime;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.elf.BpfObject;
import dev.sluice.compiler.elf.ElfWriter;
import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.maps.MapType;
import dev.sluice.runtime.testing.Bpffs;
import dev.sluice.runtime.testing.KernelRequirement;
import dev.sluice.compiler.testing.Requirements;
import dev.sluice.runtime.testing.Shell;
import dev.sluice.runtime.testing.VethPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Objects Sluice writes, loaded by the standard tools: bpftool, ip and tc. */
class ElfToolsTest {
    static final int PORT = 6000;
    @TempDir
    Path dir;
    Bpffs mount;
    Path bpffs;

    @BeforeEach
    void mount() {
        KernelRequirement.bpf();
        mount = Bpffs.mount();
        bpffs = mount.path();
    }

    @AfterEach
    void unmount() {
        if (mount != null) mount.close();
    }

    /** xdp: drop UDP to PORT (counting it); tc: the same as a tc classifier; with source lines. */
    static Path writeObject(Path dir) throws Exception {
        Code xdp = TestPrograms.udpPort(PORT, TestPrograms.XDP_DROP, TestPrograms.XDP_PASS, 0);
        Code tc = TestPrograms.udpPort(PORT, TestPrograms.TC_ACT_SHOT, TestPrograms.TC_ACT_OK, 76);
        List<BpfObject.SourceLine> lines = new ArrayList<>();
        lines.add(new BpfObject.SourceLine(0, "drop.ebpf", 2, 5, "when udp.dport == 6000 { drop }"));
        lines.add(new BpfObject.SourceLine(xdp.size() - 2, "drop.ebpf", 3, 5, "pass"));
        byte[] elf = ElfWriter.write(new BpfObject(
                List.of(new BpfObject.ProgramSection("xdp", "drop_udp", xdp, lines),
                        new BpfObject.ProgramSection("tc", "tc_drop_udp", tc, List.of(
                                new BpfObject.SourceLine(0, "drop.ebpf", 6, 5, "when udp.dport == 6000 { drop }")))),
                List.of(new BpfObject.MapDefinition("hits", MapType.ARRAY.number(), 4, 8, 1, 0)), "GPL"));
        Path object = dir.resolve("drop.o");
        Files.write(object, elf);
        return object;
    }

    @Test
    void bpftoolLoadsEveryProgramAndShowsOurSourceLines() throws Exception {
        String bpftool = Requirements.tool("bpftool", "bpftool");
        Path object = writeObject(dir);
        Path pins = bpffs.resolve("progs");
        Shell.run(bpftool, "prog", "loadall", object.toString(), pins.toString());
        try {
            assertTrue(Files.exists(pins.resolve("drop_udp")) && Files.exists(pins.resolve("tc_drop_udp")));
            String xlated = Shell.run(bpftool, "prog", "dump", "xlated", "pinned", pins.resolve("drop_udp").toString());
            assertTrue(xlated.contains("; when udp.dport == 6000 { drop }"), xlated);
            assertTrue(xlated.contains("; pass"), xlated);
            assertTrue(xlated.contains("int drop_udp(void * ctx)"), xlated);
            String btf = Shell.run(bpftool, "btf", "dump", "file", object.toString());
            assertTrue(btf.contains("VAR 'hits'") && btf.contains("FUNC 'tc_drop_udp'"), btf);
        } finally {
            Shell.tryRun("rm", "-rf", pins.toString());
        }
    }

    @Test
    void ipAttachesTheXdpSectionAndItDrops() throws Exception {
        Requirements.tool("ip", "iproute2");
        Path object = writeObject(dir);
        try (VethPair pair = VethPair.create()) {
            Shell.run("ip", "-n", pair.namespaceA(), "link", "set", "dev", pair.interfaceA(), "xdpgeneric",
                    "obj", object.toString(), "sec", "xdp");
            assertTrue(Shell.run("ip", "-n", pair.namespaceA(), "link", "show", pair.interfaceA()).contains("xdpgeneric"));
            long before = pair.udpReceivedByA();
            pair.sendUdpToA(200, PORT, 8);
            pair.sendUdpToA(50, PORT + 1, 8);
            assertEquals(50, pair.udpReceivedByA() - before, "only the other port's datagrams arrive");
            Shell.run("ip", "-n", pair.namespaceA(), "link", "set", "dev", pair.interfaceA(), "xdpgeneric", "off");
        }
    }

    @Test
    void tcAttachesTheTcSectionAndItDrops() throws Exception {
        Requirements.tool("tc", "iproute2");
        Path object = writeObject(dir);
        try (VethPair pair = VethPair.create()) {
            Shell.run("ip", "netns", "exec", pair.namespaceA(), "tc", "qdisc", "add", "dev", pair.interfaceA(), "clsact");
            Shell.run("ip", "netns", "exec", pair.namespaceA(), "tc", "filter", "add", "dev", pair.interfaceA(), "ingress",
                    "bpf", "da", "obj", object.toString(), "sec", "tc");
            long before = pair.udpReceivedByA();
            pair.sendUdpToA(120, PORT, 8);
            pair.sendUdpToA(30, PORT + 1, 8);
            assertEquals(30, pair.udpReceivedByA() - before);
        }
    }
}
