package dev.sluice.compiler.isa;

/** The source operand of an ALU, jump or store instruction: a register or a 32-bit immediate. */
public sealed interface Operand {

    /** A register operand ({@code BPF_X}). */
    record Reg(Register register) implements Operand {
        /** Requires a register. */
        public Reg {
            java.util.Objects.requireNonNull(register);
        }

        @Override
        public String toString() {
            return register.toString();
        }
    }

    /** A 32-bit immediate operand ({@code BPF_K}); 64-bit operations sign-extend it. */
    record Imm(int value) implements Operand {
        @Override
        public String toString() {
            return Integer.toString(value);
        }
    }

    /** Register {@code r} as an operand. */
    static Operand reg(Register r) {
        return new Reg(r);
    }

    /** The immediate {@code value} as an operand. */
    static Operand imm(int value) {
        return new Imm(value);
    }
}
