package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.runtime.AppliedRules;
import dev.sluice.runtime.testing.KernelRequirement;
import dev.sluice.runtime.testing.Shell;
import dev.sluice.runtime.testing.VethPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice remove --all} on a bpffs of the test's own (SLUICE_APPLIED_ROOT), so that "all" is
 * only what the test applied: nothing is left, in the kernel (bpftool) or on bpffs. About 11 s (three
 * JVM starts).
 */
class RemoveAllTest {
    static final String RULES = "xdp fw {\n  when udp.dport == 7000 { count dropped; drop }\n}\n";

    @TempDir
    Path dir;

    @BeforeEach
    void kernel() {
        KernelRequirement.bpf();
    }

    @Test
    void removeAllLeavesNothingOfWhatWasApplied() throws Exception {
        Path mount = dir.resolve("bpffs");
        Files.createDirectories(mount);
        Shell.run("mount", "-t", "bpf", "bpf", mount.toString());
        Path root = mount.resolve("sluice");
        Map<String, String> env = Map.of(AppliedRoot.VARIABLE, root.toString());
        Path rules = dir.resolve("rules.ebpf");
        Files.writeString(rules, RULES);
        try (VethPair pair = VethPair.create()) {
            MainTest.Outcome a = SluiceProcess.run(dir.resolve("a.err"), env, "apply", rules.toString(), "--name", "a",
                    "--netns", pair.namespaceA(), "--iface", pair.interfaceA(), "--mode", "generic");
            assertEquals(0, a.code(), a.err());
            MainTest.Outcome b = SluiceProcess.run(dir.resolve("b.err"), env, "apply", rules.toString(), "--name", "b",
                    "--netns", pair.namespaceB(), "--iface", pair.interfaceB(), "--mode", "generic");
            assertEquals(0, b.code(), b.err());
            assertEquals(List.of("a", "b"), AppliedRules.names(root));
            List<Integer> programs = List.of(xdpProgram(pair.namespaceA(), pair.interfaceA()), xdpProgram(pair.namespaceB(),
                    pair.interfaceB()));
            List<Integer> maps = new ArrayList<>();
            for (int program : programs) {
                assertNotEquals(0, program);
                Matcher m = Pattern.compile("map_ids ([0-9,]+)").matcher(Shell.run("bpftool", "prog", "show", "id", "" + program));
                assertTrue(m.find());
                for (String id : m.group(1).split(",")) maps.add(Integer.parseInt(id));
            }
            assertEquals(0, passed(pair), "the rules run");

            MainTest.Outcome removed = SluiceProcess.run(dir.resolve("rm.err"), env, "remove", "--all");
            assertEquals(0, removed.code(), removed.err());
            assertEquals("sluice: removed a\nsluice: removed b\n", removed.err());
            try (Stream<Path> left = Files.list(root)) {
                assertEquals(List.of(), left.toList(), "no folder, pin or lock is left under the root");
            }
            assertEquals(0, xdpProgram(pair.namespaceA(), pair.interfaceA()), "nothing attached on A");
            assertEquals(0, xdpProgram(pair.namespaceB(), pair.interfaceB()), "nothing attached on B");
            String links = Shell.bpftoolLinks();
            for (int program : programs) {
                assertTrue(gone("prog", program), "program " + program + " is gone");
                assertFalse(links.contains("prog " + program + " "), "no link runs " + program);
            }
            for (int map : maps) assertTrue(gone("map", map), "map " + map + " is gone");
        } finally {
            // Whatever the test applied goes, even when it failed half-way; then the bpffs itself.
            for (String n : AppliedRules.names(root)) AppliedRules.remove(root, n);
            Shell.tryRun("umount", mount.toString());
        }
    }

    private static long passed(VethPair pair) {
        long before = pair.udpReceivedByA();
        pair.sendUdpToA(100, 7000, 16);
        return pair.udpReceivedByA() - before;
    }

    private static int xdpProgram(String netns, String iface) {
        Matcher m = Pattern.compile("prog/xdp id (\\d+)").matcher(Shell.run("ip", "-n", netns, "-d", "link", "show", iface));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static boolean gone(String kind, int id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (Shell.tryRun("bpftool", kind, "show", "id", Integer.toString(id)).exitCode() != 0) return true;
            Thread.sleep(50);
        }
        return false;
    }
}
