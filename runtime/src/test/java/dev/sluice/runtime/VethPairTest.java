package dev.sluice.runtime;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.runtime.testing.VethPair;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The traffic fixture itself: without any program, every datagram arrives, and close cleans up. */
class VethPairTest {
    @Test
    void deliversEveryDatagramAndCleansUp() {
        String nsA;
        try (VethPair pair = VethPair.create()) {
            nsA = pair.namespaceA();
            long before = pair.udpReceivedByA();
            pair.sendUdpToA(1000, 5555, 16);
            assertEquals(1000, pair.udpReceivedByA() - before);
            assertTrue(pair.ifindexA() > 0);
            assertTrue(VethPair.namespaceExists(nsA));
        }
        assertFalse(VethPair.namespaceExists(nsA));
    }

    @Test
    void aJvmEndedBySigtermDeletesItsPair() throws Exception {
        // Here first, so that a machine without root or ip skips (or fails under require) as above.
        VethPair.create().close();
        String classPath = String.join(File.pathSeparator, System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path", ""));
        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
                HoldsAPair.class.getName())).redirectErrorStream(true).start();
        String nsA;
        String nsB;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertNotNull(line, "the child printed nothing");
            String[] names = line.split(" ");
            assertEquals(2, names.length, () -> "the child printed: " + line);
            nsA = names[0];
            nsB = names[1];
            assertTrue(VethPair.namespaceExists(nsA) && VethPair.namespaceExists(nsB));
        } finally {
            child.destroy();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not end on SIGTERM");
        }
        assertFalse(VethPair.namespaceExists(nsA), nsA + " left behind");
        assertFalse(VethPair.namespaceExists(nsB), nsB + " left behind");
    }

    /** Creates a pair, prints its namespaces and waits to be killed, never closing it. */
    static final class HoldsAPair {
        public static void main(String[] args) throws InterruptedException {
            VethPair pair = VethPair.create();
            System.out.println(pair.namespaceA() + " " + pair.namespaceB());
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}
