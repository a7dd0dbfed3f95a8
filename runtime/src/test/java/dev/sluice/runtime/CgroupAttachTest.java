package dev.sluice.runtime;

import static dev.sluice.compiler.isa.Register.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.isa.Size;
import dev.sluice.runtime.testing.CgroupDir;
import dev.sluice.runtime.testing.KernelRequirement;
import dev.sluice.runtime.testing.Shell;
import dev.sluice.runtime.testing.VethPair;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CgroupAttachTest {
    @BeforeEach
    void kernel() {
        KernelRequirement.bpf();
    }

    static Code returns(int verdict) {
        return new CodeBuilder().mov64(R0, verdict).exit().build();
    }

    @Test
    void egressDropStopsTheCgroupsSends() {
        try (VethPair pair = VethPair.create(); CgroupDir cgroup = CgroupDir.create();
             BpfProgram deny = BpfProgram.load(LoadRequest.of("deny", ProgramType.CGROUP_SKB, returns(0)));
             BpfProgram allow = BpfProgram.load(LoadRequest.of("allow", ProgramType.CGROUP_SKB, returns(1)))) {
            // Join the cgroup first: `ip netns exec` remounts /sys, and the cgroup survives the exec.
            String send = cgroup.join() + "exec ip netns exec " + pair.namespaceB() + " bash -c 'exec 3>/dev/udp/"
                    + VethPair.ADDRESS_A + "/5555; printf x >&3'";
            try (Link link = Attach.cgroup(deny, cgroup.path(), Attach.CgroupHook.EGRESS)) {
                Shell.Result r = Shell.tryRun("bash", "-c", send);
                assertNotEquals(0, r.exitCode(), r.output());
                assertTrue(r.output().contains("Operation not permitted"), r.output());
                link.update(allow);
                assertEquals(0, Shell.tryRun("bash", "-c", send).exitCode());
            }
            // Another process, outside the cgroup, was never affected: the fixture's own sender works.
            pair.sendUdpToA(3, 5555, 4);
        }
    }

    @Test
    void deviceProgramDeniesDevNullOnly() {
        // bpf_cgroup_dev_ctx: access_type 0, major 4, minor 8. Deny 1:3 (/dev/null), allow the rest.
        CodeBuilder b = new CodeBuilder();
        Label allow = b.newLabel();
        b.load(Size.W, R2, R1, 4).load(Size.W, R3, R1, 8)
                .jump(JumpOp.JNE, R2, 1, allow).jump(JumpOp.JNE, R3, 3, allow)
                .mov64(R0, 0).exit()
                .bind(allow).mov64(R0, 1).exit();
        try (CgroupDir cgroup = CgroupDir.create();
             BpfProgram program = BpfProgram.load(LoadRequest.of("devices", ProgramType.CGROUP_DEVICE, b.build()));
             Link link = Attach.cgroup(program, cgroup.path(), Attach.CgroupHook.DEVICE)) {
            Shell.Result r = Shell.tryRun("bash", "-c", cgroup.join()
                    + "cat /dev/null; echo null=$?; head -c1 /dev/zero > /dev/zero; echo zero=$?");
            assertTrue(r.output().contains("null=1"), r.output());
            assertTrue(r.output().contains("Operation not permitted"), r.output());
            assertTrue(r.output().contains("zero=0"), r.output());
        }
    }
}
