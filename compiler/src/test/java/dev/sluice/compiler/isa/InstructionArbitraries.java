package dev.sluice.compiler.isa;

import dev.sluice.compiler.isa.Instruction.*;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik generators for every kind of {@link Instruction} with random fields, for property tests here
 * and, through the compiler test-jar, in other modules. Immediates and offsets cover their whole
 * range, with jqwik's edge cases (0, ±1, minimum, maximum) mixed in.
 */
public final class InstructionArbitraries {
    private InstructionArbitraries() {}

    /** Any valid instruction, of every kind. */
    public static Arbitrary<Instruction> arbitrary() {
        return Arbitraries.oneOf(List.of(
                alu(), byteSwap(), jump(), goTo(), call(), exit(), loadImm64(),
                loadPacket(), load(), store(), atomic()));
    }

    /** Sequences of instructions, up to {@code maxSize} long. */
    public static Arbitrary<List<Instruction>> sequences(int maxSize) {
        return arbitrary().list().ofMaxSize(maxSize);
    }

    public static Arbitrary<Register> registers() {
        return Arbitraries.of(Register.class);
    }

    /** A 16-bit signed offset. */
    public static Arbitrary<Integer> offsets() {
        return Arbitraries.integers().between(Short.MIN_VALUE, Short.MAX_VALUE);
    }

    public static Arbitrary<Integer> immediates() {
        return Arbitraries.integers();
    }

    public static Arbitrary<Operand> operands() {
        return Arbitraries.oneOf(
                registers().map(Operand::reg),
                immediates().map(Operand::imm));
    }

    public static Arbitrary<Instruction> alu() {
        return Arbitraries.of(AluOp.class).flatMap(op -> {
            Arbitrary<Boolean> wide = op == AluOp.MOVSX32 ? Arbitraries.just(true) : Arbitraries.of(true, false);
            Arbitrary<Operand> src;
            if (op == AluOp.NEG) {
                src = Arbitraries.just(Operand.imm(0));
            } else if (op.isSignExtendingMove()) {
                src = registers().map(Operand::reg);
            } else {
                src = operands();
            }
            return Combinators.combine(wide, registers(), src).as((w, dst, s) -> new Alu(w, op, dst, s));
        });
    }

    public static Arbitrary<Instruction> byteSwap() {
        return Combinators.combine(
                        Arbitraries.of(ByteSwap.ByteOrder.class), Arbitraries.of(16, 32, 64), registers())
                .as(ByteSwap::new);
    }

    public static Arbitrary<Instruction> jump() {
        return Combinators.combine(
                        Arbitraries.of(true, false), Arbitraries.of(JumpOp.class), registers(), operands(), offsets())
                .as(Jump::new);
    }

    /** {@code ja} with a 16-bit offset or {@code gotol} with a 32-bit one. */
    public static Arbitrary<Instruction> goTo() {
        return Arbitraries.oneOf(
                offsets().map(off -> new Goto(off, false)),
                immediates().map(off -> new Goto(off, true)));
    }

    public static Arbitrary<Instruction> call() {
        Arbitrary<Integer> helperIds = Arbitraries.oneOf(
                Arbitraries.integers().between(0, HelperNames.MAX_ID + 10), immediates());
        return Arbitraries.of(CallKind.class).flatMap(kind ->
                (kind == CallKind.HELPER ? helperIds : immediates()).map(imm -> new Call(kind, imm)));
    }

    public static Arbitrary<Instruction> exit() {
        return Arbitraries.just(new Exit());
    }

    public static Arbitrary<Instruction> loadImm64() {
        return Combinators.combine(registers(), Arbitraries.of(Pseudo.class), Arbitraries.longs())
                .as(LoadImm64::new);
    }

    /** {@code LD_ABS} (source r0) or {@code LD_IND} (any source) of 1, 2 or 4 bytes. */
    public static Arbitrary<Instruction> loadPacket() {
        Arbitrary<Size> sizes = Arbitraries.of(Size.B, Size.H, Size.W);
        return Arbitraries.of(true, false).flatMap(indirect ->
                Combinators.combine(sizes, indirect ? registers() : Arbitraries.just(Register.R0), immediates())
                        .as((size, src, imm) -> new LoadPacket(indirect, size, src, imm)));
    }

    /** Plain loads of every size and sign-extending ones (1, 2, 4 bytes). */
    public static Arbitrary<Instruction> load() {
        return Arbitraries.of(Size.class).flatMap(size -> {
            Arbitrary<Boolean> signExtend = size == Size.DW ? Arbitraries.just(false) : Arbitraries.of(true, false);
            return Combinators.combine(registers(), registers(), offsets(), signExtend)
                    .as((dst, src, off, sx) -> new Load(size, dst, src, off, sx));
        });
    }

    /** {@code STX} (register source) and {@code ST} (immediate source) of every size. */
    public static Arbitrary<Instruction> store() {
        return Combinators.combine(Arbitraries.of(Size.class), registers(), offsets(), operands())
                .as(Store::new);
    }

    public static Arbitrary<Instruction> atomic() {
        return Combinators.combine(
                        Arbitraries.of(Size.W, Size.DW), Arbitraries.of(AtomicOp.class), registers(), registers(),
                        offsets())
                .as(Atomic::new);
    }
}
