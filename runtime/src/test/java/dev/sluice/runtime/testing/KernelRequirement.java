package dev.sluice.runtime.testing;

import dev.sluice.compiler.testing.Requirements;

import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.Register;
import dev.sluice.runtime.KernelException;
import dev.sluice.runtime.BpfProgram;
import dev.sluice.runtime.LoadRequest;
import dev.sluice.runtime.ProgramType;

/**
 * Kernel tests call {@link #bpf()} first: it checks once that bpf() works here (by loading a
 * two-instruction socket filter) and skips the test with the errno otherwise, or fails it under
 * SLUICE_KERNEL_TESTS=require.
 */
public final class KernelRequirement {
    private static volatile String unavailable;
    private static volatile boolean checked;

    private KernelRequirement() {}

    public static void bpf() {
        if (!checked) probe();
        Requirements.require(unavailable == null, "bpf() is not usable here: " + unavailable);
    }

    private static synchronized void probe() {
        if (checked) return;
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            unavailable = "not Linux";
        } else {
            try (BpfProgram p = BpfProgram.load(LoadRequest.of("probe", ProgramType.SOCKET_FILTER,
                    new CodeBuilder().mov64(Register.R0, 0).exit().build()))) {
                unavailable = null;
            } catch (KernelException e) {
                unavailable = e.getMessage();
            } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
                unavailable = "cannot bind libc: " + e;
            }
        }
        checked = true;
    }
}
