package dev.sluice.cli;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.runtime.PermissionException;
import dev.sluice.runtime.VerifierException;

/** The one line a command prints when the kernel refuses one of its programs (exit 3). */
final class KernelRefusal {
    private KernelRefusal() {}

    static String message(CompiledProgram p, RuntimeException e) {
        if (e instanceof VerifierException v) {
            return p.source().location() + ": " + p.name() + ": the kernel verifier rejected it: " + v.reason();
        }
        // The missing capability is the whole story; the program's name adds nothing.
        if (e instanceof PermissionException) return e.getMessage();
        return p.name() + ": " + e.getMessage();
    }
}
