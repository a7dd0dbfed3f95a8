package dev.sluice.runtime;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.dsl.model.Hook;
import org.junit.jupiter.api.Test;

/** Every hook of the language has the program type the kernel expects for it. */
class KernelProgramTypeTest {
    @Test
    void traceHooksHaveTheirProgramTypes() {
        assertEquals(ProgramType.KPROBE, Kernel.programType(new Hook.Kprobe("do_sys_openat2", false)));
        assertEquals(ProgramType.KPROBE, Kernel.programType(new Hook.Kprobe("do_sys_openat2", true)));
        assertEquals(ProgramType.KPROBE, Kernel.programType(new Hook.Uprobe("/bin/bash", "readline", false)));
        assertEquals(ProgramType.KPROBE, Kernel.programType(new Hook.Uprobe("/bin/bash", "readline", true)));
        assertEquals(ProgramType.TRACEPOINT, Kernel.programType(new Hook.Tracepoint("syscalls", "sys_enter_openat")));
        assertEquals(ProgramType.PERF_EVENT, Kernel.programType(new Hook.Profile(99)));
    }

    @Test
    void packetHooksAreUnchanged() {
        assertEquals(ProgramType.XDP, Kernel.programType(new Hook.Xdp()));
        assertEquals(ProgramType.SCHED_CLS, Kernel.programType(new Hook.Tc(true)));
        assertEquals(ProgramType.SOCKET_FILTER, Kernel.programType(new Hook.Socket()));
        assertEquals(ProgramType.CGROUP_SKB, Kernel.programType(new Hook.Cgroup(Hook.CgroupKind.EGRESS)));
        assertEquals(ProgramType.CGROUP_DEVICE, Kernel.programType(new Hook.Cgroup(Hook.CgroupKind.DEVICE)));
    }
}
