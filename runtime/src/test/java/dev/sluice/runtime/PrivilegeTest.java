package dev.sluice.runtime;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.runtime.testing.KernelRequirement;
import dev.sluice.compiler.testing.Requirements;
import dev.sluice.runtime.testing.Shell;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Without CAP_BPF (dropped with capsh in a child JVM), loading is a typed exception naming the capability. */
class PrivilegeTest {
    static String runWithout(String programType) {
        String capsh = Requirements.tool("capsh", "libcap2-bin");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "exec " + java + " -cp '" + classPathOfThisRun() + "' "
                + LoadWithoutCapabilities.class.getName() + " " + programType;
        return Shell.run(capsh, "--drop=cap_sys_admin,cap_bpf,cap_perfmon,cap_net_admin", "--", "-c", command);
    }

    /** The child runs on the class path: this run's class path plus, under surefire, its module path. */
    static String classPathOfThisRun() {
        String modules = System.getProperty("jdk.module.path", "");
        String classes = System.getProperty("java.class.path");
        return modules.isEmpty() ? classes : modules + java.io.File.pathSeparator + classes;
    }

    @Test
    void missingCapabilitiesAreNamed() {
        KernelRequirement.bpf();
        String xdp = runWithout("XDP");
        assertTrue(xdp.startsWith("PERMISSION: "), xdp);
        assertTrue(xdp.contains("CAP_BPF and CAP_NET_ADMIN"), xdp);
        String socket = runWithout("SOCKET_FILTER");
        assertTrue(socket.contains("PERMISSION: ") && socket.contains("needs CAP_BPF"), socket);
        String trace = runWithout("TRACEPOINT");
        assertTrue(trace.contains("CAP_PERFMON"), trace);
    }
}
