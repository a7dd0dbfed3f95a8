package dev.sluice.compiler;

import dev.sluice.compiler.lower.ModelLowering;
import dev.sluice.compiler.trace.PtRegs;
import java.util.Objects;

/**
 * What compiling depends on beyond the rules: where tracepoint formats come from (for args.NAME)
 * and the architecture probes run on (its {@code struct pt_regs} layout for arg0..arg5, retval, pc).
 */
public record CompileOptions(ModelLowering.TracepointFormats formats, PtRegs arch) {
    public static final CompileOptions DEFAULT = new CompileOptions(ModelLowering.TracepointFormats.TRACEFS, PtRegs.host());

    public CompileOptions {
        Objects.requireNonNull(formats);
        Objects.requireNonNull(arch);
    }

    public CompileOptions withFormats(ModelLowering.TracepointFormats formats) {
        return new CompileOptions(formats, arch);
    }

    public CompileOptions withArch(PtRegs arch) {
        return new CompileOptions(formats, arch);
    }
}
