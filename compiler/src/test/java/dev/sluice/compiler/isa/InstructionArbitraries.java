package dev.sluice.compiler.isa;

import dev.sluice.compiler.isa.Instruction.*;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Every valid instruction, with random fields (in the compiler test-jar for other modules). */
public final class InstructionArbitraries {
    private InstructionArbitraries() {}

    public static Arbitrary<Instruction> any() {
        return Arbitraries.oneOf(alu(), byteSwap(), jump(), goTo(), call(), Arbitraries.just(new Exit()), loadImm64(),
                loadPacket(), load(), store(), atomic());
    }

    static Arbitrary<Register> register() {
        return Arbitraries.of(Register.class);
    }

    static Arbitrary<Integer> offset() {
        return Arbitraries.oneOf(Arbitraries.integers().between(Short.MIN_VALUE, Short.MAX_VALUE),
                Arbitraries.of(0, 1, -1, (int) Short.MIN_VALUE, (int) Short.MAX_VALUE));
    }

    static Arbitrary<Integer> imm() {
        return Arbitraries.oneOf(Arbitraries.integers(), Arbitraries.of(0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE));
    }

    static Arbitrary<Operand> operand() {
        return Arbitraries.oneOf(register().map(Operand::reg), imm().map(Operand::imm));
    }

    static Arbitrary<Instruction> alu() {
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(AluOp.class), register(), operand(),
                register()).as((wide, op, dst, src, reg) -> {
                    if (op == AluOp.NEG) return new Alu(wide, op, dst, Operand.imm(0));
                    if (op == AluOp.MOVSX32 && !wide) return new Alu(true, op, dst, Operand.reg(reg));
                    if (op.isSignExtendingMove()) return new Alu(wide, op, dst, Operand.reg(reg));
                    return new Alu(wide, op, dst, src);
                });
    }

    static Arbitrary<Instruction> byteSwap() {
        return Combinators.combine(Arbitraries.of(ByteSwap.ByteOrder.class), Arbitraries.of(16, 32, 64), register())
                .as(ByteSwap::new);
    }

    static Arbitrary<Instruction> jump() {
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(JumpOp.class), register(), operand(),
                offset()).as(Jump::new);
    }

    static Arbitrary<Instruction> goTo() {
        return Arbitraries.oneOf(offset().map(o -> new Goto(o, false)), imm().map(o -> new Goto(o, true)));
    }

    static Arbitrary<Instruction> call() {
        return Combinators.combine(Arbitraries.of(CallKind.class), imm()).as(Call::new);
    }

    static Arbitrary<Instruction> loadImm64() {
        return Combinators.combine(register(), Arbitraries.of(Pseudo.class), Arbitraries.longs()).as(LoadImm64::new);
    }

    static Arbitrary<Instruction> loadPacket() {
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(Size.W, Size.H, Size.B), register(), imm())
                .as((indirect, size, src, imm) -> new LoadPacket(indirect, size, indirect ? src : Register.R0, imm));
    }

    static Arbitrary<Instruction> load() {
        return Combinators.combine(Arbitraries.of(Size.class), register(), register(), offset(), Arbitraries.of(true, false))
                .as((size, dst, src, off, sx) -> new Load(size, dst, src, off, sx && size != Size.DW));
    }

    static Arbitrary<Instruction> store() {
        return Combinators.combine(Arbitraries.of(Size.class), register(), offset(), operand()).as(Store::new);
    }

    static Arbitrary<Instruction> atomic() {
        return Combinators.combine(Arbitraries.of(Size.W, Size.DW), Arbitraries.of(AtomicOp.class), register(), register(),
                offset()).as(Atomic::new);
    }
}
