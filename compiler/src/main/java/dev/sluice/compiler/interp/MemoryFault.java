package dev.sluice.compiler.interp;

/** An invalid memory access, before the interpreter adds the pc and the instruction. */
final class MemoryFault extends RuntimeException {
    MemoryFault(String reason) {
        super(reason, null, false, false);
    }
}
