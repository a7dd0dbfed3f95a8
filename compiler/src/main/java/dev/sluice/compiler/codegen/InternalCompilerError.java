package dev.sluice.compiler.codegen;

/**
 * Generated code that the kernel verifier would reject, caught before it leaves the compiler: a
 * Sluice bug, reported with the rule whose code it is and what the verifier would say.
 */
public final class InternalCompilerError extends RuntimeException {
    public InternalCompilerError(String message) {
        super(message);
    }
}
