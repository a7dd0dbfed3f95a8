package dev.sluice.runtime;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.runtime.testing.VethPair;
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
}
