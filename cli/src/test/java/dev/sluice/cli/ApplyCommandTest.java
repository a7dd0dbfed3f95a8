package dev.sluice.cli;

import static dev.sluice.cli.AppliedReadings.passed;
import static dev.sluice.cli.AppliedReadings.xdpProgram;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.runtime.AppliedRules;
import dev.sluice.runtime.ApplyStep;
import dev.sluice.runtime.FolderLock;
import dev.sluice.runtime.testing.KernelRequirement;
import dev.sluice.runtime.testing.Shell;
import dev.sluice.runtime.testing.VethPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** sluice apply, status, set and remove as a user runs them, on a veth pair, checked with traffic and bpftool. */
class ApplyCommandTest {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    static final String OLD = "set blocked = { 203.0.113.7 }\n"
            + "xdp fw {\n  when ip.src in blocked { count blocked; drop }\n  when udp.dport == 7000 { count dropped; drop }\n}\n";
    static final String NEW = "set blocked = { 203.0.113.7 }\n"
            + "xdp fw {\n  when ip.src in blocked { count blocked; drop }\n  when udp.dport in { 7000, 7001 } { count dropped; drop }\n}\n";

    @TempDir
    Path dir;
    String name;

    @BeforeEach
    void kernel() {
        KernelRequirement.bpf();
        name = "test" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    }

    @AfterEach
    void removeWhatTheTestApplied() {
        AppliedRules.remove(AppliedRules.ROOT, name);
    }

    private Path script(String text) throws Exception {
        Path f = dir.resolve("rules.ebpf");
        Files.writeString(f, text);
        return f;
    }

    private MainTest.Outcome apply(VethPair pair, String text, String... more) throws Exception {
        String[] args = {"apply", script(text).toString(), "--name", name, "--netns", pair.namespaceA(), "--iface", pair.interfaceA(),
                "--mode", "generic"};
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return MainTest.run(all);
    }

    private long counter(String counter) {
        return AppliedReadings.counter(name, counter);
    }

    /** A second address of B's namespace, inside 198.18.0.0/15, that {@link #passedFrom} can send from. */
    static final String ADDRESS_D = "198.18.0.4";

    /**
     * Datagrams of {@code count} sent from B's namespace with source {@code source} (B's address or
     * {@link #ADDRESS_D}, added to B's interface) to A's {@code port}, that reached A's UDP layer.
     */
    static long passedFrom(VethPair pair, String source, int port, int count) {
        if (!source.equals(VethPair.ADDRESS_B) && !source.equals(ADDRESS_D)) throw new IllegalArgumentException(source);
        Shell.run("ip", "-n", pair.namespaceB(), "addr", "replace", ADDRESS_D + "/32", "dev", pair.interfaceB());
        Shell.run("ip", "-n", pair.namespaceB(), "route", "replace", VethPair.ADDRESS_A + "/32", "dev", pair.interfaceB(),
                "src", source);
        long before = pair.udpReceivedByA();
        pair.sendUdpToA(count, port, 16);
        return pair.udpReceivedByA() - before;
    }

    /**
     * A set file edited and applied again: the set loses what the file no longer declares (also when
     * set add put it in too), gains what it newly declares, and keeps what set add alone put in. The
     * member taken out covers a whole /16, so B passes only if the directory was recomputed. About 2 s.
     */
    @Test
    void reapplyFollowsTheSetFileAndKeepsMembersAddedAtRunTime() throws Exception {
        Path blocked = dir.resolve("blocked.txt");
        Files.writeString(blocked, "198.18.0.0/16\n10.1.0.0/16\n");
        String rules = "set blocked = file \"blocked.txt\"\nxdp fw {\n  when ip.src in blocked { count blocked; drop }\n}\n";
        try (VethPair pair = VethPair.create()) {
            MainTest.Outcome first = apply(pair, rules);
            assertEquals(0, first.code(), first.err());
            assertEquals(0, passedFrom(pair, VethPair.ADDRESS_B, 7000, 20));
            MainTest.Outcome added = MainTest.run("set", name, "blocked", "add", "198.19.1.0/24", "198.18.0.0/16");
            assertEquals(0, added.code(), added.err());
            Files.writeString(blocked, "10.1.0.0/16\n" + ADDRESS_D + "\n");
            MainTest.Outcome again = apply(pair, rules);
            assertEquals(0, again.code(), again.err());
            assertEquals("10.1.0.0/16\n" + ADDRESS_D + "\n198.19.1.0/24\n", MainTest.run("set", name, "blocked", "list").out());
            assertEquals(20, passedFrom(pair, VethPair.ADDRESS_B, 7000, 20), "B, its /16 gone from the file, passes");
            assertEquals(0, passedFrom(pair, ADDRESS_D, 7000, 20), "D, new in the file, is dropped");
            assertEquals(40, counter("blocked"), "the counter carried over");
        }
    }

    @Test
    void reapplyDuringAStreamLetsNothingThroughAndKeepsTheCounter() throws Exception {
        try (VethPair pair = VethPair.create()) {
            MainTest.Outcome first = apply(pair, OLD);
            assertEquals(0, first.code(), first.err());
            assertTrue(first.err().startsWith("sluice: applied " + name), first.err());
            assertEquals(0, passed(pair, 7000, 1000));
            int sent = 30_000;
            long before = pair.udpReceivedByA();
            Thread stream = new Thread(() -> pair.sendUdpToA(sent, 7000, 16));
            stream.start();
            Thread.sleep(300);
            long started = System.nanoTime();
            MainTest.Outcome again = apply(pair, NEW);
            long applyMillis = (System.nanoTime() - started) / 1_000_000;
            stream.join();
            assertEquals(0, again.code(), again.err());
            assertEquals(0, pair.udpReceivedByA() - before, "no datagram to the port both rule sets drop got through");
            assertEquals(1000 + sent, counter("dropped"), "the counter carried over and counted every datagram");
            assertEquals(0, passed(pair, 7001, 100), "the new rules hold");
            System.out.println("apply during a " + sent + "-datagram stream: " + applyMillis + " ms, 0 datagrams through");
        }
    }

    /** A set replaced in the middle of a stream: nothing through, every datagram counted, the new member dropped from then on. */
    @Test
    void setReplaceDuringAStreamLetsNothingThroughAndKeepsTheCounter() throws Exception {
        String rules = "set ports = { 7000 }\nxdp fw {\n  when udp.dport in ports { count dropped; drop }\n}\n";
        try (VethPair pair = VethPair.create()) {
            assertEquals(0, apply(pair, rules).code());
            assertEquals(100, passed(pair, 7002, 100), "7002 is not in the set yet");
            Path members = dir.resolve("ports.txt");
            Files.writeString(members, "7000\n7002\n");
            int sent = 30_000;
            long before = pair.udpReceivedByA();
            Thread stream = new Thread(() -> pair.sendUdpToA(sent, 7000, 16));
            stream.start();
            Thread.sleep(300);
            long started = System.nanoTime();
            MainTest.Outcome replaced = MainTest.run("set", name, "ports", "replace", "--file", members.toString());
            long replaceMillis = (System.nanoTime() - started) / 1_000_000;
            stream.join();
            assertEquals(0, replaced.code(), replaced.err());
            assertEquals(0, pair.udpReceivedByA() - before, "no datagram to a port both sets hold got through");
            assertEquals(sent, counter("dropped"), "the counter carried over and counted every datagram");
            assertEquals(0, passed(pair, 7002, 100), "the member only the new set has is dropped");
            System.out.println("set replace during a " + sent + "-datagram stream: " + replaceMillis + " ms, 0 datagrams through");
        }
    }

    @Test
    void aFailedApplyChangesNothing() throws Exception {
        try (VethPair pair = VethPair.create()) {
            assertEquals(0, apply(pair, OLD).code());
            int program = xdpProgram(pair);
            MainTest.Outcome error = apply(pair, NEW.replace("7001", "70001"));
            assertEquals(ExitCodes.SCRIPT_ERROR, error.code(), error.err());
            MainTest.Outcome refused = apply(pair, NEW, "--mode", "native");
            assertEquals(ExitCodes.USAGE, refused.code(), "--mode given twice");
            MainTest.Outcome otherMode = MainTest.run("apply", script(NEW).toString(), "--name", name, "--netns", pair.namespaceA(),
                    "--iface", pair.interfaceA(), "--mode", "native");
            assertEquals(ExitCodes.KERNEL_REFUSED, otherMode.code(), otherMode.err());
            assertTrue(otherMode.err().startsWith("sluice: ") && otherMode.err().contains("nothing was changed"), otherMode.err());
            assertFalse(otherMode.err().contains("Exception"), otherMode.err());
            assertEquals(program, xdpProgram(pair), "the old program still runs");
            assertEquals(100, passed(pair, 7001, 100), "the old rules hold");
            assertEquals(0, passed(pair, 7000, 100));
        }
    }

    /** A kill -9 at each step of an apply leaves the old rules or the new ones whole; a later apply and remove work. */
    @ParameterizedTest
    @EnumSource(ApplyStep.class)
    void aKillAtAnyStepLeavesOldOrNewRulesWhole(ApplyStep step) throws Exception {
        try (VethPair pair = VethPair.create()) {
            assertEquals(0, apply(pair, OLD).code());
            int old = xdpProgram(pair);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder killed = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "apply", script(NEW).toString(), "--name", name, "--netns", pair.namespaceA(), "--iface", pair.interfaceA(),
                    "--mode", "generic").redirectErrorStream(true);
            killed.environment().put("SLUICE_APPLY_KILL_AT", step.name());
            Process p = killed.start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(137, p.exitValue(), new String(p.getInputStream().readAllBytes()));
            int running = xdpProgram(pair);
            assertNotEquals(0, running, "a program is attached");
            long through7001 = passed(pair, 7001, 50);
            if (running == old) assertEquals(50, through7001, "the old rules, whole");
            else assertEquals(0, through7001, "the new rules, whole");
            assertEquals(0, passed(pair, 7000, 50));
            if (step.compareTo(ApplyStep.COMMITTED) < 0) assertEquals(old, running, "before the commit the old rules hold");

            MainTest.Outcome later = apply(pair, OLD);
            assertEquals(0, later.code(), later.err());
            assertEquals(50, passed(pair, 7001, 50));
            assertEquals(1, Shell.run("bash", "-c", "ls " + AppliedRules.ROOT.resolve(name) + " | grep -c gen_").strip().length());
            assertRemovedLeavesNothing(pair);
        }
    }

    private void assertRemovedLeavesNothing(VethPair pair) {
        int program = xdpProgram(pair);
        String maps = Shell.run("bpftool", "prog", "show", "id", Integer.toString(program));
        Matcher m = Pattern.compile("map_ids ([0-9,]+)").matcher(maps);
        assertTrue(m.find(), maps);
        MainTest.Outcome removed = MainTest.run("remove", name);
        assertEquals(0, removed.code(), removed.err());
        assertFalse(Files.exists(AppliedRules.ROOT.resolve(name)), "no pin, no folder, no lock");
        assertEquals(0, xdpProgram(pair), "nothing attached");
        // The kernel frees programs and then their maps after an RCU grace period: gone within a moment.
        assertTrue(gone("prog", program), "the program is gone");
        for (String map : m.group(1).split(",")) assertTrue(gone("map", Integer.parseInt(map)), "map " + map + " is gone");
        assertFalse(Shell.bpftoolLinks().contains("prog " + program + " "), "no link runs it");
    }

    private static boolean gone(String kind, int id) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (Shell.tryRun("bpftool", kind, "show", "id", Integer.toString(id)).exitCode() != 0) return true;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    @Test
    void statusSetAndRemove() throws Exception {
        try (VethPair pair = VethPair.create()) {
            assertEquals(0, apply(pair, OLD).code());
            assertEquals(0, passed(pair, 7000, 5) + passed(pair, 7001, 5) - 5);
            MainTest.Outcome table = MainTest.run("status", name);
            assertEquals(0, table.code(), table.err());
            assertTrue(table.out().startsWith(name + "  " + dir.resolve("rules.ebpf")), table.out());
            assertTrue(table.out().contains("  fw  xdp  id " + xdpProgram(pair) + "  xdp generic on " + pair.interfaceA()
                    + " in netns " + pair.namespaceA()), table.out());
            assertTrue(table.out().contains("@dropped: 5"), table.out());

            assertEquals(0, MainTest.run("set", name, "blocked", "add", VethPair.ADDRESS_B, "10.0.0.0/8").code());
            assertEquals("10.0.0.0/8\n198.18.0.2\n203.0.113.7\n", MainTest.run("set", name, "blocked", "list").out());
            assertEquals(0, passed(pair, 7001, 20));
            assertEquals(20, counter("blocked"));
            assertEquals(0, MainTest.run("set", name, "blocked", "del", VethPair.ADDRESS_B).code());
            assertEquals(20, passed(pair, 7001, 20));

            Path members = dir.resolve("members.txt");
            Files.writeString(members, "# replaced\n198.18.0.0/24\n");
            MainTest.Outcome replaced = MainTest.run("set", name, "blocked", "replace", "--file", members.toString());
            assertEquals(0, replaced.code(), replaced.err());
            assertEquals("198.18.0.0/24\n", MainTest.run("set", name, "blocked", "list").out());
            assertEquals(0, passed(pair, 7001, 20));
            assertEquals(40, counter("blocked"), "the counter survived the replace");

            MainTest.Outcome bad = MainTest.run("set", name, "blocked", "add", "bogus");
            assertEquals(ExitCodes.USAGE, bad.code());
            assertEquals(ExitCodes.USAGE, MainTest.run("set", name, "nope", "list").code());
            assertEquals(ExitCodes.USAGE, MainTest.run("status", name + "x").code());
            assertRemovedLeavesNothing(pair);
            assertEquals(ExitCodes.USAGE, MainTest.run("remove", name).code());
        }
    }

    @Test
    void twoAppliesToOneNameNeverInterleave() throws Exception {
        try (VethPair pair = VethPair.create()) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p;
            try (FolderLock held = FolderLock.acquire(AppliedRules.ROOT.resolve(name))) {
                p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "apply",
                        script(OLD).toString(), "--name", name, "--netns", pair.namespaceA(), "--iface", pair.interfaceA())
                        .redirectErrorStream(true).start();
                assertFalse(p.waitFor(3, TimeUnit.SECONDS), "the second apply waits for the lock");
                assertEquals(0, xdpProgram(pair));
            }
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
            assertNotEquals(0, xdpProgram(pair));
            List<String> names = AppliedRules.names(AppliedRules.ROOT);
            assertTrue(names.contains(name), names.toString());
        }
    }
}
