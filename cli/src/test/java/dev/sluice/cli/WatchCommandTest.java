package dev.sluice.cli;

import static dev.sluice.cli.AppliedReadings.counter;
import static dev.sluice.cli.AppliedReadings.passed;
import static dev.sluice.cli.AppliedReadings.xdpProgram;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.runtime.AppliedRules;
import dev.sluice.runtime.testing.KernelRequirement;
import dev.sluice.runtime.testing.VethPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice run FILE --watch} as a user runs it, in a process of its own, on a veth pair: a change
 * of FILE in the middle of a UDP stream, a change of a set file, SIGHUP, a broken edit, an edit that
 * cannot attach, the stop.
 * About 29 s for the class here (five sluice JVM starts, about 33 000 datagrams).
 */
class WatchCommandTest {
    static final String OLD = "set blocked = file \"blocked.txt\"\n"
            + "xdp fw {\n  when ip.src in blocked { count blocked; drop }\n  when udp.dport == 7000 { count dropped; drop }\n}\n";
    static final String NEW = "set blocked = file \"blocked.txt\"\n"
            + "xdp fw {\n  when ip.src in blocked { count blocked; drop }\n  when udp.dport in { 7000, 7001 } { count dropped; drop }\n}\n";

    @TempDir
    Path dir;

    @BeforeEach
    void kernel() {
        KernelRequirement.bpf();
    }

    /** Writes {@code text} as editors do: a new file renamed over the old. */
    private static void replaceByRename(Path file, String text) throws Exception {
        Path next = file.resolveSibling(file.getFileName() + ".new");
        Files.writeString(next, text);
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void reloadsOnEveryChangeLetsNothingThroughAndKeepsOldRulesOnABrokenEdit() throws Exception {
        Path rules = dir.resolve("rules.ebpf");
        Path blocked = dir.resolve("blocked.txt");
        Files.writeString(rules, OLD);
        Files.writeString(blocked, "198.19.0.7\n");
        try (VethPair pair = VethPair.create();
             SluiceProcess run = SluiceProcess.start(dir.resolve("run.err"), Map.of(), "run", rules.toString(), "--watch",
                     "--netns", pair.namespaceA(), "--iface", pair.interfaceA(), "--mode", "generic", "--interval", "3600")) {
            run.awaitErr("sluice: running", 1, 60);
            String name = run.runName();
            assertTrue(AppliedRules.names(AppliedRules.ROOT).contains(name), "applied as " + name);
            assertEquals(0, passed(pair, 7000, 1000));
            assertEquals(100, passed(pair, 7001, 100), "the old rules let 7001 through");

            int sent = 30_000;
            long before = pair.udpReceivedByA();
            Thread stream = new Thread(() -> pair.sendUdpToA(sent, 7000, 16));
            stream.start();
            Thread.sleep(300);
            long changed = System.nanoTime();
            replaceByRename(rules, NEW);
            String err = run.awaitErr("sluice: reloaded", 1, 30);
            long latencyMillis = (System.nanoTime() - changed) / 1_000_000;
            stream.join();
            assertEquals(0, pair.udpReceivedByA() - before, "no datagram to the port both rule sets drop got through");
            assertEquals(1000 + sent, counter(name, "dropped"), "the counter carried over and counted every datagram");
            assertEquals(0, passed(pair, 7001, 100), "the new rules drop 7001 from then on");
            Matcher took = Pattern.compile("sluice: reloaded \\S+ on a change in (\\d+) ms: replaced fw").matcher(err);
            assertTrue(took.find(), err);
            System.out.println("run --watch, FILE renamed over during a " + sent + "-datagram stream: 0 datagrams through; "
                    + "reload " + took.group(1) + " ms, " + latencyMillis + " ms from the rename to the reload line");

            run.signal("HUP");
            run.awaitErr("on SIGHUP", 1, 30);
            assertEquals(0, passed(pair, 7000, 100));
            assertEquals(1000 + sent + 200, counter(name, "dropped"), "the counter survived two reloads");

            int program = xdpProgram(pair);
            Files.writeString(rules, NEW.replace("7001", "70001"));
            err = run.awaitErr("sluice: reload refused", 1, 30);
            String refusal = err.lines().filter(l -> l.startsWith("sluice: reload refused")).findFirst().orElseThrow();
            assertTrue(refusal.contains("rules.ebpf:4:29: "), "a located error: " + refusal);
            assertFalse(err.contains("Exception"), err);
            assertTrue(run.alive(), "run keeps running");
            assertEquals(program, xdpProgram(pair), "the program running before the broken edit still runs");
            assertEquals(0, passed(pair, 7001, 100), "the rules before the broken edit hold");

            // It compiles and verifies, but cannot attach: the transaction undoes what it made.
            Files.writeString(rules, NEW + "uprobe \"" + dir.resolve("no-such-binary") + "\" main {\n  count calls\n}\n");
            err = run.awaitErr("sluice: reload refused", 2, 30);
            String attach = err.lines().filter(l -> l.startsWith("sluice: reload refused")).reduce((a, b) -> b).orElseThrow();
            assertTrue(attach.endsWith("no-such-binary: no such file"), attach);
            assertTrue(run.alive(), "run keeps running");
            assertEquals(program, xdpProgram(pair), "an attach failure changes nothing either");
            assertEquals(0, passed(pair, 7001, 100));

            Files.writeString(rules, NEW);
            run.awaitErr("sluice: reloaded", 3, 30);
            assertEquals(100, passed(pair, 7002, 100));
            Files.writeString(blocked, "198.19.0.7\n" + VethPair.ADDRESS_B + "\n");
            run.awaitErr("sluice: reloaded", 4, 30);
            assertEquals(0, passed(pair, 7002, 100), "a change of the set file reloads");
            assertEquals(100, counter(name, "blocked"));

            assertEquals(0, run.stop());
            assertTrue(run.err().contains("sluice: detached"), run.err());
            assertFalse(AppliedRules.names(AppliedRules.ROOT).contains(name), "run removed what it applied");
            assertEquals(0, xdpProgram(pair), "nothing attached");
        }
    }

    /**
     * A set file edited under --watch: the running set loses what the file no longer declares, gains
     * what it newly declares, and keeps what set add put in while it ran. About 4 s.
     */
    @Test
    void aSetFileEditTakesOutWhatItNoLongerDeclares() throws Exception {
        Path rules = dir.resolve("rules.ebpf");
        Path blocked = dir.resolve("blocked.txt");
        Files.writeString(rules, "set blocked = file \"blocked.txt\"\nxdp fw {\n  when ip.src in blocked { count blocked; drop }\n}\n");
        Files.writeString(blocked, "198.18.0.0/16\n10.1.0.0/16\n");
        try (VethPair pair = VethPair.create();
             SluiceProcess run = SluiceProcess.start(dir.resolve("run.err"), Map.of(), "run", rules.toString(), "--watch",
                     "--netns", pair.namespaceA(), "--iface", pair.interfaceA(), "--mode", "generic", "--interval", "3600")) {
            run.awaitErr("sluice: running", 1, 60);
            String name = run.runName();
            assertEquals(0, ApplyCommandTest.passedFrom(pair, VethPair.ADDRESS_B, 7000, 20));
            MainTest.Outcome added = MainTest.run("set", name, "blocked", "add", "198.19.1.0/24");
            assertEquals(0, added.code(), added.err());
            replaceByRename(blocked, "10.1.0.0/16\n" + ApplyCommandTest.ADDRESS_D + "\n");
            run.awaitErr("sluice: reloaded", 1, 30);
            assertEquals("10.1.0.0/16\n" + ApplyCommandTest.ADDRESS_D + "\n198.19.1.0/24\n",
                    MainTest.run("set", name, "blocked", "list").out());
            assertEquals(20, ApplyCommandTest.passedFrom(pair, VethPair.ADDRESS_B, 7000, 20), "B, its /16 gone from the file, passes");
            assertEquals(0, ApplyCommandTest.passedFrom(pair, ApplyCommandTest.ADDRESS_D, 7000, 20), "D, new in the file, is dropped");
            assertEquals(40, counter(name, "blocked"), "the counter carried over");
            assertEquals(0, run.stop());
        }
    }

    /** A run killed with SIGKILL cannot remove its rules: the next run --watch does, before it attaches its own. About 5 s. */
    @Test
    void theRulesOfAKilledRunAreRemovedByTheNextRun() throws Exception {
        Path rules = dir.resolve("rules.ebpf");
        Files.writeString(rules, "xdp fw {\n  when udp.dport == 7000 { count dropped; drop }\n}\n");
        try (VethPair pair = VethPair.create()) {
            String[] args = {"run", rules.toString(), "--watch", "--netns", pair.namespaceA(), "--iface", pair.interfaceA(),
                    "--mode", "generic", "--interval", "3600"};
            String killed;
            try (SluiceProcess first = SluiceProcess.start(dir.resolve("first.err"), Map.of(), args)) {
                first.awaitErr("sluice: running", 1, 60);
                killed = first.runName();
                first.signal("KILL");
                assertEquals(137, first.awaitExit(30));
                assertTrue(AppliedRules.names(AppliedRules.ROOT).contains(killed), "a killed run leaves its rules pinned");
                assertEquals(0, passed(pair, 7000, 50), "and attached");
                try (SluiceProcess second = SluiceProcess.start(dir.resolve("second.err"), Map.of(), args)) {
                    String err = second.awaitErr("sluice: running", 1, 60);
                    assertTrue(err.contains("sluice: removed " + killed + ", left by a run that was killed"), err);
                    assertFalse(AppliedRules.names(AppliedRules.ROOT).contains(killed));
                    assertEquals(0, passed(pair, 7000, 50), "the second run's rules hold");
                    assertEquals(0, second.stop());
                }
            }
            assertEquals(0, xdpProgram(pair));
        }
    }

    /** Printed events keep coming through a reload: the old program's before the swap, the new one's after. About 4 s. */
    @Test
    void printedEventsOfTheOldAndTheNewRulesAreShown() throws Exception {
        Path rules = dir.resolve("rules.ebpf");
        String printing = "xdp fw {\n  when udp.dport == 7005 { print \"old %u\", udp.dport  drop }\n}\n";
        Files.writeString(rules, printing);
        try (VethPair pair = VethPair.create();
             SluiceProcess run = SluiceProcess.start(dir.resolve("run.err"), Map.of(), "run", rules.toString(), "--watch",
                     "--netns", pair.namespaceA(), "--iface", pair.interfaceA(), "--mode", "generic", "--interval", "3600")) {
            run.awaitErr("sluice: running", 1, 60);
            assertEquals(0, passed(pair, 7005, 5));
            replaceByRename(rules, printing.replace("old", "new"));
            run.awaitErr("sluice: reloaded", 1, 30);
            assertEquals(0, passed(pair, 7005, 5));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (SluiceProcess.count(run.out(), "new 7005") < 5 && System.nanoTime() < deadline) Thread.sleep(20);
            assertEquals(0, run.stop());
            assertEquals(5, SluiceProcess.count(run.out(), "old 7005\n"), run.out());
            assertEquals(5, SluiceProcess.count(run.out(), "new 7005\n"), run.out());
        }
    }

    @Test
    void watchRefusesWhatItCannotReplace() throws Exception {
        Path rules = dir.resolve("sock.ebpf");
        Files.writeString(rules, "socket s {\n  when tcp { count hits }\n}\n");
        MainTest.Outcome o = MainTest.run("run", rules.toString(), "--iface", "lo", "--watch");
        assertEquals(ExitCodes.USAGE, o.code(), o.err());
        assertTrue(o.err().contains("cannot be replaced in place"), o.err());
        o = MainTest.run("run", "--filter", "udp", "--iface", "lo", "--watch");
        assertEquals(ExitCodes.USAGE, o.code(), o.err());
        assertTrue(o.err().contains("--watch needs a rules file"), o.err());
    }
}
