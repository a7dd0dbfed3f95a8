package dev.sluice.compiler.isa;

/** The source operand of an ALU, jump or store instruction: a register or a 32-bit immediate. */
public sealed interface Operand {

    record Reg(Register register) implements Operand {
        public Reg {
            java.util.Objects.requireNonNull(register);
        }

        @Override
        public String toString() {
            return register.toString();
        }
    }

    record Imm(int value) implements Operand {
        @Override
        public String toString() {
            return Integer.toString(value);
        }
    }

    static Operand reg(Register r) {
        return new Reg(r);
    }

    static Operand imm(int value) {
        return new Imm(value);
    }
}
