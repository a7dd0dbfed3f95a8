package dev.sluice.runtime;

import static dev.sluice.compiler.isa.Register.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.isa.Size;
import dev.sluice.runtime.sys.Errno;
import dev.sluice.runtime.testing.KernelRequirement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BpfProgramTest {
    static final int XDP_PASS = 2;

    @BeforeEach
    void kernel() {
        KernelRequirement.bpf();
    }

    static Code returns(int value) {
        return new CodeBuilder().mov64(R0, value).exit().build();
    }

    /** Returns packet byte {@code at}, or 255 when the packet is shorter. */
    static Code packetByte(int at) {
        CodeBuilder b = new CodeBuilder();
        Label out = b.newLabel();
        b.mov64(R0, 255)
                .load(Size.W, R2, R1, 0).load(Size.W, R3, R1, 4)
                .mov64(R4, R2).alu64(AluOp.ADD, R4, at + 1)
                .jump(JumpOp.JGT, R4, R3, out)
                .load(Size.B, R0, R2, at)
                .bind(out).exit();
        return b.build();
    }

    @Test
    void loadsAndTestRunsAnXdpProgram() {
        try (BpfProgram p = BpfProgram.load(LoadRequest.of("pass", ProgramType.XDP, returns(XDP_PASS)))) {
            TestRunResult r = p.testRun(new byte[64]);
            assertEquals(XDP_PASS, r.retval());
            assertEquals(64, r.dataOut().length);
        }
    }

    @Test
    void readsPacketBytesBehindABoundsCheck() {
        byte[] packet = new byte[64];
        packet[20] = 0x5a;
        try (BpfProgram p = BpfProgram.load(LoadRequest.of("byte20", ProgramType.XDP, packetByte(20)))) {
            assertEquals(0x5a, p.testRun(packet).retval());
            assertEquals(255, p.testRun(new byte[20]).retval());
        }
    }

    /** The native layer hands back -errno; the runtime names the command and the errno, as it always has. */
    @Test
    void aRefusedTestRunIsABpfExceptionNamingCommandAndErrno() {
        try (BpfProgram p = BpfProgram.load(LoadRequest.of("pass", ProgramType.XDP, returns(XDP_PASS)))) {
            BpfException e = assertThrows(BpfException.class, () -> p.testRun(new byte[10]));
            assertEquals("bpf(PROG_TEST_RUN)", e.call());
            assertEquals("EINVAL", e.errnoName());
            assertEquals("bpf(PROG_TEST_RUN) failed: EINVAL (Invalid argument)", e.getMessage());
        }
    }

    @Test
    void unboundedPacketReadIsAVerifierErrorAtItsInstruction() {
        Code code = new CodeBuilder().load(Size.W, R2, R1, 0).load(Size.B, R0, R2, 0).exit().build();
        VerifierException e = assertThrows(VerifierException.class,
                () -> BpfProgram.load(LoadRequest.of("unchecked", ProgramType.XDP, code)));
        assertEquals(Errno.EACCES, e.errno());
        assertEquals(1, e.instruction().orElseThrow());
        assertEquals("R2 offset is outside of the packet", e.reason());
        assertTrue(e.log().contains("invalid access to packet, off=0 size=1"), e.log());
        assertTrue(e.log().contains("processed"), e.log());
        assertTrue(e.getMessage().contains("unchecked") && e.getMessage().contains("instruction 1"), e.getMessage());
    }

    @Test
    void exitWithoutR0IsRejected() {
        Code code = new CodeBuilder().mov64(R1, 1).exit().build();
        VerifierException e = assertThrows(VerifierException.class,
                () -> BpfProgram.load(LoadRequest.of("nor0", ProgramType.XDP, code)));
        assertEquals("R0 !read_ok", e.reason());
        assertEquals(1, e.instruction().orElseThrow());
    }

    @Test
    void aLongLogGrowsItsBuffer() {
        // 20,000 reachable instructions before the failure make a log far larger than the first 64 KiB buffer.
        CodeBuilder b = new CodeBuilder().mov64(R2, 0);
        for (int i = 0; i < 20_000; i++) b.alu64(AluOp.ADD, R2, 1);
        Code code = b.mov64(R1, 0).exit().build();
        VerifierException e = assertThrows(VerifierException.class,
                () -> BpfProgram.load(new LoadRequest("long", ProgramType.XDP, code, "GPL",
                        java.util.OptionalInt.empty(), 0)));
        assertEquals("R0 !read_ok", e.reason());
        assertEquals(20_002, e.instruction().orElseThrow());
    }

    @Test
    void infoReportsTheProgram() {
        Code code = packetByte(3);
        try (BpfProgram p = BpfProgram.load(LoadRequest.of("info_test", ProgramType.XDP, code))) {
            ProgramInfo info = p.info();
            assertEquals(ProgramType.XDP.number(), info.type());
            assertEquals("info_test", info.name());
            assertTrue(info.id() > 0);
            assertEquals(code.slotCount(), info.xlatedInstructions());
            assertTrue(info.verifiedInstructions() > 0);
            assertEquals(16, info.tag().length());
        }
    }

    @Test
    void runStatisticsCountRunsWhileEnabled() {
        try (BpfProgram p = BpfProgram.load(LoadRequest.of("stats_on", ProgramType.XDP, packetByte(3)))) {
            p.testRun(TestRunRequest.of(new byte[64]).repeat(10));
            assertEquals(0, p.info().runCount(), "not counted while statistics are off");
            try (RunStatistics stats = RunStatistics.enable()) {
                p.testRun(TestRunRequest.of(new byte[64]).repeat(500));
                ProgramInfo info = p.info();
                assertTrue(info.runCount() >= 500, "runs " + info.runCount());
                assertTrue(info.runTimeNs() > 0);
            }
        }
    }

    @Test
    void statisticsLogOnSuccess() {
        try (BpfProgram p = BpfProgram.load(LoadRequest.of("stats", ProgramType.XDP, returns(1)).withStatistics())) {
            assertTrue(p.verifierLog().contains("processed 2 insns"), p.verifierLog());
        }
    }

    @Test
    void repeatedRunsReportADuration() {
        try (BpfProgram p = BpfProgram.load(LoadRequest.of("repeat", ProgramType.XDP, packetByte(10)))) {
            TestRunResult r = p.testRun(TestRunRequest.of(new byte[64]).repeat(1000));
            assertEquals(0, r.retval());
            assertTrue(r.durationNs() >= 0);
        }
    }

    @Test
    void closeReleasesTheDescriptorAndIsIdempotent() throws IOException {
        BpfProgram p = BpfProgram.load(LoadRequest.of("close", ProgramType.XDP, returns(XDP_PASS)));
        int fd = p.fd();
        assertTrue(Files.exists(Path.of("/proc/self/fd/" + fd)));
        assertTrue(Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString().contains("bpf-prog"));
        p.close();
        p.close();
        assertFalse(p.isOpen());
        assertFalse(Files.exists(Path.of("/proc/self/fd/" + fd))
                && Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString().contains("bpf-prog"));
    }

    @Test
    void namesAreCutToWhatTheKernelKeeps() {
        assertEquals("a_b_c.d", LoadRequest.of("a-b c.d", ProgramType.XDP, returns(0)).kernelName());
        assertEquals(15, LoadRequest.of("x".repeat(40), ProgramType.XDP, returns(0)).kernelName().length());
    }
}
