package dev.sluice.cli;

import dev.sluice.compiler.elf.ElfFormatException;
import dev.sluice.compiler.isa.DecodeException;
import dev.sluice.runtime.KernelException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Exceptions that reach the top of a command without being a Sluice bug, as the one line and exit
 * code of docs/CLI.md: the kernel refusing or lacking something (every {@link KernelException}: a
 * failed bpf() or other system call, a missing capability, a missing feature) exits 3; unreadable
 * or malformed input (I/O errors, bad object files) exits 4. Anything else stays an internal error.
 */
final class KnownFailure {
    private KnownFailure() {}

    /** What the user sees for {@code e}, looking through its causes; empty when it is a bug. */
    static Optional<CliFailure> of(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Optional<CliFailure> known = direct(t);
            if (known.isPresent()) return known;
        }
        return Optional.empty();
    }

    private static Optional<CliFailure> direct(Throwable t) {
        if (t instanceof CliFailure f) return Optional.of(f);
        if (t instanceof KernelException k) return Optional.of(new CliFailure(ExitCodes.KERNEL_REFUSED, k.getMessage()));
        if (t instanceof UncheckedIOException u) {
            String own = u.getMessage() == null || u.getMessage().equals(String.valueOf(u.getCause())) ? null : u.getMessage();
            return Optional.of(new CliFailure(ExitCodes.BAD_INPUT, own != null ? own : Messages.of(u.getCause())));
        }
        if (t instanceof IOException io) return Optional.of(new CliFailure(ExitCodes.BAD_INPUT, Messages.of(io)));
        if (t instanceof ElfFormatException || t instanceof DecodeException) {
            return Optional.of(new CliFailure(ExitCodes.BAD_INPUT, "not a valid eBPF object: " + t.getMessage()));
        }
        // libc could not be bound (no jnr-ffi stub for this platform, no libc.so.6): nothing here calls the kernel.
        if (t instanceof UnsatisfiedLinkError) {
            return Optional.of(new CliFailure(ExitCodes.KERNEL_REFUSED, "cannot call into libc here: " + t.getMessage()));
        }
        return Optional.empty();
    }
}
