package dev.sluice.runtime;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.runtime.sys.Errno;
import dev.sluice.runtime.testing.Bpffs;
import dev.sluice.runtime.testing.KernelRequirement;
import dev.sluice.runtime.testing.Shell;
import dev.sluice.runtime.testing.VethPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PinTest {
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

    @Test
    void mapsProgramsAndLinksPinReopenAndUnpin() {
        Path mapPin = bpffs.resolve("hits");
        Path progPin = bpffs.resolve("count");
        Path linkPin = bpffs.resolve("link");
        try (VethPair pair = VethPair.create();
             BpfMap map = BpfMap.create(TestPrograms.counterMap());
             BpfProgram program = BpfProgram.load(LoadRequest.of("count", ProgramType.XDP,
                     MapBinding.bind(TestPrograms.countAll(TestPrograms.XDP_PASS), List.of(map))))) {
            map.pin(mapPin);
            program.pin(progPin);
            assertEquals(Errno.EEXIST, assertThrows(BpfException.class, () -> map.pin(mapPin)).errno());
            try (Link link = NetworkNamespace.call(pair.namespaceA(), () -> Attach.xdp(program, pair.interfaceA(), XdpMode.GENERIC))) {
                link.pin(linkPin);
            }
            // The pinned link keeps the program attached after its Link is closed.
            pair.sendUdpToA(10, 5555, 4);
            try (BpfMap reopened = BpfMap.openPinned(mapPin, TestPrograms.counterMap());
                 BpfProgram again = BpfProgram.openPinned(progPin, "count", ProgramType.XDP)) {
                assertEquals(10, reopened.sumU64(Codec.U32.encode(0)));
                assertEquals(program.info().id(), again.info().id());
            }
            Pins.unpin(linkPin);
            awaitNoXdp(pair);
            pair.sendUdpToA(10, 5555, 4);
            assertEquals(10, map.sumU64(Codec.U32.encode(0)), "unpinned and closed: detached");
            Pins.unpin(mapPin);
            Pins.unpin(progPin);
            assertFalse(Files.exists(mapPin));
            assertThrows(BpfException.class, () -> Pins.open(mapPin));
        }
    }

    /**
     * The kernel frees a link whose last reference went with its pin in deferred work, so the
     * program may run for a moment after the unpin returns; waits (bounded) until the interface
     * shows no XDP program.
     */
    private static void awaitNoXdp(VethPair pair) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Shell.run("ip", "-n", pair.namespaceA(), "link", "show", pair.interfaceA()).contains("xdpgeneric")) {
            if (System.nanoTime() > deadline) fail("the XDP program is still attached 10 s after its link's pin was removed");
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    @Test
    void pinningOutsideABpffsSaysSo() throws Exception {
        Path plain = Files.createTempDirectory("not-bpffs");
        try (BpfMap map = BpfMap.create(TestPrograms.counterMap())) {
            BpfException e = assertThrows(BpfException.class, () -> map.pin(plain.resolve("m")));
            assertTrue(e.getMessage().contains("bpf filesystem"), e.getMessage());
        } finally {
            Files.deleteIfExists(plain);
        }
    }
}
