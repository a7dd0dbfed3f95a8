package dev.sluice.compiler;

import dev.sluice.compiler.trace.TracepointFormats;

import dev.sluice.compiler.trace.PtRegs;
import java.util.Objects;

/**
 * What compiling depends on beyond the rules: where tracepoint formats come from (for args.NAME)
 * and the architecture probes run on (its {@code struct pt_regs} layout for arg0..arg5, retval, pc).
 */
public record CompileOptions(TracepointFormats formats, PtRegs arch) {
    /**
     * Formats from this machine's tracefs, probes laid out for the architecture the JVM runs on: right for
     * loading here.
     */
    public static final CompileOptions DEFAULT = new CompileOptions(TracepointFormats.TRACEFS, PtRegs.host());

    /** Rejects missing parts. */
    public CompileOptions {
        Objects.requireNonNull(formats);
        Objects.requireNonNull(arch);
    }

    /**
     * The same options reading tracepoint formats from elsewhere (files given with {@code
     * --tracepoint-format}, for compiling on another machine).
     */
    public CompileOptions withFormats(TracepointFormats formats) {
        return new CompileOptions(formats, arch);
    }

    /** The same options for probes on another architecture ({@code sluice compile --arch}). */
    public CompileOptions withArch(PtRegs arch) {
        return new CompileOptions(formats, arch);
    }
}
