package dev.sluice.compiler.codegen;

import dev.sluice.compiler.hooks.ContextAccess;

/**
 * The last pass before the image: code the kernel verifier would reject (as {@link VerifierModel}
 * judges it) is the compiler's fault, reported as an {@link InternalCompilerError} naming the rule
 * whose code it is, instead of being loaded.
 */
public final class VerifierGate {
    private VerifierGate() {}

    /** Returns normally when the model accepts {@code compiled}, read through {@code access}. */
    public static void require(CompiledFilter compiled, ContextAccess access) {
        VerifierModel.check(compiled.code(), access).ifPresent(r -> {
            String rule = compiled.sourceOfSlot(r.slot()).map(at -> "the rule at " + at).orElse("the packet parser");
            throw new InternalCompilerError("internal error: the code for " + rule + " would be rejected by the kernel verifier at "
                    + "instruction " + r.slot() + ": " + r.reason());
        });
    }
}
