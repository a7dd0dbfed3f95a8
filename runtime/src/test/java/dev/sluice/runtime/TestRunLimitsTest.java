package dev.sluice.runtime;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.Register;
import dev.sluice.runtime.sys.Errno;
import dev.sluice.runtime.testing.KernelRequirement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The table of TestRunLimits against the kernel: every frame it refuses, and only those, are refused with EINVAL. */
class TestRunLimitsTest {
    private static final List<ProgramType> PACKET_TYPES = List.of(ProgramType.XDP, ProgramType.SCHED_CLS, ProgramType.SOCKET_FILTER,
            ProgramType.CGROUP_SKB);

    /** Frames around each boundary: any EtherType around 14 bytes, IPv4 around 34, IPv6 around 54, ARP and VLAN short. */
    static List<byte[]> frames() {
        List<byte[]> out = new ArrayList<>();
        for (int etherType : new int[] {0x0800, 0x86dd, 0x0806, 0x8100}) {
            for (int length : new int[] {0, 1, 12, 13, 14, 15, 20, 33, 34, 35, 53, 54, 55, 64}) {
                byte[] f = new byte[length];
                if (length > 13) {
                    f[12] = (byte) (etherType >> 8);
                    f[13] = (byte) etherType;
                }
                if (length > 14) f[14] = (byte) (etherType == 0x86dd ? 0x60 : 0x45);
                out.add(f);
            }
        }
        return out;
    }

    @Test
    void theKernelRefusesExactlyTheFramesTheTableNames() {
        KernelRequirement.bpf();
        Code returnsZero = new CodeBuilder().mov64(Register.R0, 0).exit().build();
        for (ProgramType type : PACKET_TYPES) {
            try (BpfProgram p = BpfProgram.load(LoadRequest.of("limits", type, returnsZero))) {
                for (byte[] frame : frames()) {
                    String what = type + " frame of " + frame.length + " bytes, EtherType "
                            + (frame.length > 13 ? String.format("%02x%02x", frame[12], frame[13]) : "none");
                    BpfException refused = null;
                    try {
                        p.testRun(frame);
                    } catch (BpfException e) {
                        refused = e;
                    }
                    assertEquals(TestRunLimits.refusal(type, frame).isPresent(), refused != null, what + ": " + refused);
                    if (refused != null) assertEquals(Errno.EINVAL, refused.errno(), what);
                }
            }
        }
    }

    @Test
    void theRefusalSaysWhy() {
        byte[] ipv4 = new byte[30];
        ipv4[12] = 0x08;
        assertEquals("the kernel's test run refuses tc frames of IPv4 shorter than 34 bytes (this one has 30)",
                TestRunLimits.refusal(ProgramType.SCHED_CLS, ipv4).orElseThrow());
        assertTrue(TestRunLimits.refusal(ProgramType.XDP, ipv4).isEmpty(), "XDP takes any frame with an Ethernet header");
        assertEquals("the kernel's test run refuses frames shorter than 14 bytes (this one has 13)",
                TestRunLimits.refusal(ProgramType.XDP, new byte[13]).orElseThrow());
    }
}
