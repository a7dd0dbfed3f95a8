package dev.sluice.runtime;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.runtime.sys.Errno;
import dev.sluice.runtime.testing.KernelRequirement;
import dev.sluice.runtime.testing.VethPair;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class NetworkNamespaceTest {
    @Test
    void aMissingNamespaceIsASystemCallFailure() {
        SystemCallException e = assertThrows(SystemCallException.class,
                () -> NetworkNamespace.call("sluice-no-such-namespace", () -> 1));
        assertEquals("open", e.call());
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().startsWith("opening network namespace sluice-no-such-namespace (/var/run/netns/"), e.getMessage());
    }

    @Test
    void theWorkRunsInsideAndSeesItsInterfaces() {
        KernelRequirement.bpf();
        try (VethPair pair = VethPair.create()) {
            assertTrue(NetworkNamespace.call(pair.namespaceA(), () -> Interfaces.index(pair.interfaceA())) > 0);
            assertThrows(IllegalArgumentException.class, () -> Interfaces.index(pair.interfaceA()));
        }
    }

    /** An interrupt does not abandon the work: what it made (links, sockets) reaches the caller, and the interrupt stays set. */
    @Test
    void anInterruptedCallerStillGetsTheResult() throws Exception {
        KernelRequirement.bpf();
        try (VethPair pair = VethPair.create()) {
            CountDownLatch started = new CountDownLatch(1);
            Thread caller = Thread.currentThread();
            Thread interrupter = new Thread(() -> {
                try {
                    started.await();
                } catch (InterruptedException e) {
                    return;
                }
                caller.interrupt();
            });
            interrupter.start();
            String result = NetworkNamespace.call(pair.namespaceA(), () -> {
                started.countDown();
                Thread.sleep(300);
                return "made";
            });
            interrupter.join();
            assertEquals("made", result);
            assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        }
    }
}
