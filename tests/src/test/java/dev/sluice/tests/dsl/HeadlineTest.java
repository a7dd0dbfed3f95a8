package dev.sluice.tests.dsl;

import static dev.sluice.dsl.Sluice.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.testing.FrameBuilder;
import dev.sluice.testing.KernelTest;
import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.Verdict;
import dev.sluice.runtime.Kernel;
import dev.sluice.runtime.Link;
import dev.sluice.runtime.LoadedProgram;
import dev.sluice.runtime.NetworkNamespace;
import dev.sluice.runtime.testing.VethPair;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/** docs/LANGUAGE.md's headline, exactly as written: {@code Program p = xdp().when(tcp().dport(22)).drop();}. */
class HeadlineTest {
    @Test
    void compilesAndRunsInTheInterpreter() {
        Program p = xdp().when(tcp().dport(22)).drop();
        CompiledProgram code = SluiceCompiler.compile(p);
        assertEquals("xdp_1", code.name());
        assertEquals(new Verdict.Drop(), code.interpret(FrameBuilder.ethernet().ipv4("198.18.0.2", "198.18.0.1").tcp(40000, 22).flags(FrameBuilder.SYN).build()));
        assertEquals(new Verdict.Pass(), code.interpret(FrameBuilder.ethernet().ipv4("198.18.0.2", "198.18.0.1").tcp(40000, 80).flags(FrameBuilder.SYN).build()));
        assertEquals(new Verdict.Pass(), code.interpret(FrameBuilder.ethernet().ipv4("10.1.2.3", "198.18.0.1").udp(5000, 22).payload(new byte[4]).build()));
    }

    @Test
    @KernelTest
    void theKernelAgreesThroughTestRun() {
        Program p = xdp().when(tcp().dport(22)).drop();
        try (LoadedProgram loaded = Kernel.load(SluiceCompiler.compile(p))) {
            assertEquals(new Verdict.Drop(), loaded.testRun(FrameBuilder.ethernet().ipv4("198.18.0.2", "198.18.0.1").tcp(40000, 22).flags(FrameBuilder.SYN).build()));
            assertEquals(new Verdict.Pass(), loaded.testRun(FrameBuilder.ethernet().ipv4("198.18.0.2", "198.18.0.1").tcp(40000, 80).flags(FrameBuilder.SYN).build()));
            assertEquals(new Verdict.Pass(), loaded.testRun(FrameBuilder.ethernet().ipv4("10.1.2.3", "198.18.0.1").udp(5000, 22).payload(new byte[4]).build()));
        }
    }

    /** Attached to the receiving end of a veth pair, it stops TCP connections to port 22 and lets port 80 through. */
    @Test
    @KernelTest
    void dropsRealTcpConnectionsToPort22() throws Exception {
        Program p = xdp().when(tcp().dport(22)).drop();
        try (VethPair pair = VethPair.create();
             ServerSocket ssh = NetworkNamespace.call(pair.namespaceA(), () -> listen(22));
             ServerSocket web = NetworkNamespace.call(pair.namespaceA(), () -> listen(80))) {
            assertTrue(connects(pair, 22), "before attaching, port 22 answers");
            try (LoadedProgram loaded = Kernel.load(SluiceCompiler.compile(p));
                 Link link = NetworkNamespace.call(pair.namespaceA(), () -> loaded.attachXdp(pair.interfaceA()))) {
                assertFalse(connects(pair, 22), "with the program attached, SYNs to port 22 are dropped");
                assertTrue(connects(pair, 80), "port 80 still connects");
            }
            assertTrue(connects(pair, 22), "after detaching, port 22 answers again");
        }
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(VethPair.ADDRESS_A, port));
        return s;
    }

    private static boolean connects(VethPair pair, int port) {
        return NetworkNamespace.call(pair.namespaceB(), () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(VethPair.ADDRESS_A, port), 1500);
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            }
        });
    }
}
