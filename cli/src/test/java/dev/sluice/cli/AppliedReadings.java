package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.runtime.testing.Shell;
import dev.sluice.runtime.testing.VethPair;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the operations tests read of applied rules: a counter through `sluice status`, the attached program, datagrams let through. */
final class AppliedReadings {
    private AppliedReadings() {}

    /** The value of a plain counter of the rules applied as {@code name}, as `sluice status --format json` shows it. */
    static long counter(String name, String counter) {
        MainTest.Outcome o = MainTest.run("status", name, "--format", "json");
        assertEquals(0, o.code(), o.err());
        Matcher m = Pattern.compile("\\{\"name\":\"" + counter + "\",\"value\":(\\d+)}").matcher(o.out());
        assertTrue(m.find(), o.out());
        return Long.parseLong(m.group(1));
    }

    /** The id of the XDP program on A's interface, as ip link shows it (0 when none). */
    static int xdpProgram(VethPair pair) {
        Matcher m = Pattern.compile("prog/xdp id (\\d+)").matcher(Shell.run("ip", "-n", pair.namespaceA(), "-d", "link", "show",
                pair.interfaceA()));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** How many of {@code count} UDP datagrams from B to A's {@code port} A received. */
    static long passed(VethPair pair, int port, int count) {
        long before = pair.udpReceivedByA();
        pair.sendUdpToA(count, port, 16);
        return pair.udpReceivedByA() - before;
    }
}
