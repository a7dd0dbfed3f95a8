package dev.sluice.tests.differential;

import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.AtomicOp;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Operand;
import dev.sluice.compiler.isa.Register;
import dev.sluice.compiler.isa.Size;
import dev.sluice.tests.differential.RandomProgram.If;
import dev.sluice.tests.differential.RandomProgram.Op;
import dev.sluice.tests.differential.RandomProgram.PacketAccess;
import dev.sluice.tests.differential.RandomProgram.PacketLoad;
import dev.sluice.tests.differential.RandomProgram.Stmt;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of {@link RandomProgram}s the kernel verifier accepts: every register read is
 * initialised, stack accesses stay aligned inside the initialised bytes, no division by an
 * immediate zero, immediate shifts below the width, no pointer escapes into scalars, and at most
 * {@link #MAX_BRANCHES} branches so the verifier's path exploration stays small.
 */
public final class RandomPrograms {
    static final int MAX_BRANCHES = 8;

    private RandomPrograms() {}

    public static Arbitrary<RandomProgram> programs(boolean withPacket) {
        Arbitrary<PacketAccess> packet = withPacket ? packetAccess() : Arbitraries.just(PacketAccess.NONE);
        return Combinators.combine(
                        values().list().ofSize(10),
                        values().list().ofSize(RandomProgram.STACK_BYTES / 8),
                        packet,
                        block(3).list().ofMinSize(1).ofMaxSize(25).map(RandomPrograms::flatten))
                .as(RandomProgram::new)
                .filter(p -> branches(p.body()) <= MAX_BRANCHES);
    }

    /** Random packets for XDP test runs: at least the 14 bytes the kernel demands. */
    public static Arbitrary<byte[]> packets() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(14).ofMaxSize(96);
    }

    private static List<Stmt> flatten(List<List<Stmt>> blocks) {
        return blocks.stream().flatMap(List::stream).toList();
    }

    /** A block: one instruction, or an if/else with nested blocks up to {@code depth}. */
    private static Arbitrary<List<Stmt>> block(int depth) {
        Arbitrary<List<Stmt>> single = instruction().map(i -> List.of(new Op(i)));
        if (depth == 0) return single;
        Arbitrary<List<Stmt>> nested = Arbitraries.lazy(() -> block(depth - 1))
                .list().ofMaxSize(5).map(RandomPrograms::flatten);
        Arbitrary<Stmt> ifElse = Combinators.combine(
                        Arbitraries.of(true, false), Arbitraries.of(JumpOp.class), register(), operand(),
                        nested, nested, Arbitraries.integers().between(0, 3).map(n -> n == 0))
                .as(If::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, single),
                net.jqwik.api.Tuple.of(1, ifElse.map(List::of)));
    }

    private static int branches(List<Stmt> stmts) {
        int n = 0;
        for (Stmt s : stmts) {
            if (s instanceof If f) n += 1 + branches(f.then()) + branches(f.orElse());
        }
        return n;
    }

    static Arbitrary<Instruction> instruction() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, alu()),
                net.jqwik.api.Tuple.of(2, byteSwap()),
                net.jqwik.api.Tuple.of(3, stackLoad()),
                net.jqwik.api.Tuple.of(3, stackStore()),
                net.jqwik.api.Tuple.of(2, atomic()));
    }

    private static Arbitrary<Instruction> alu() {
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(AluOp.class), register(), register(),
                        immediates(), Arbitraries.of(true, false))
                .as((wide, op, dst, src, imm, useReg) -> {
                    if (op == AluOp.MOVSX32 && !wide) op = AluOp.MOVSX16;
                    if (op == AluOp.NEG) return new Instruction.Alu(wide, op, dst, Operand.imm(0));
                    if (op.isSignExtendingMove() || useReg) return new Instruction.Alu(wide, op, dst, Operand.reg(src));
                    int width = wide ? 64 : 32;
                    switch (op) {
                        case DIV: case SDIV: case MOD: case SMOD:
                            if (imm == 0) imm = 1;
                            break;
                        case LSH: case RSH: case ARSH:
                            imm = Math.floorMod(imm, width);
                            break;
                        default:
                            break;
                    }
                    return new Instruction.Alu(wide, op, dst, Operand.imm(imm));
                });
    }

    private static Arbitrary<Instruction> byteSwap() {
        return Combinators.combine(Arbitraries.of(Instruction.ByteSwap.ByteOrder.class), Arbitraries.of(16, 32, 64),
                register()).as(Instruction.ByteSwap::new);
    }

    private static Arbitrary<Instruction> stackLoad() {
        return Combinators.combine(Arbitraries.of(Size.class), register(), Arbitraries.integers().between(1, 64),
                        Arbitraries.of(true, false))
                .as((size, dst, slot, signExtend) -> new Instruction.Load(size, dst, Register.R10,
                        stackOffset(size, slot), signExtend && size != Size.DW));
    }

    private static Arbitrary<Instruction> stackStore() {
        return Combinators.combine(Arbitraries.of(Size.class), register(), Arbitraries.integers().between(1, 64),
                        immediates(), Arbitraries.of(true, false))
                .as((size, src, slot, imm, useReg) -> new Instruction.Store(size, Register.R10,
                        stackOffset(size, slot), useReg ? Operand.reg(src) : Operand.imm(imm)));
    }

    private static Arbitrary<Instruction> atomic() {
        return Combinators.combine(Arbitraries.of(Size.W, Size.DW), Arbitraries.of(AtomicOp.class), register(),
                        Arbitraries.integers().between(1, 64))
                .as((size, op, src, slot) -> new Instruction.Atomic(size, op, Register.R10, src,
                        stackOffset(size, slot)));
    }

    /** An aligned offset below r10 whose access stays inside the initialised stack bytes. */
    private static int stackOffset(Size size, int slot) {
        int slots = RandomProgram.STACK_BYTES / size.bytes();
        return -size.bytes() * (1 + (slot - 1) % slots);
    }

    private static Arbitrary<PacketAccess> packetAccess() {
        return Arbitraries.integers().between(1, 64).flatMap(checked -> Combinators.combine(
                        Arbitraries.of(Size.class), Arbitraries.integers().between(0, 63),
                        Arbitraries.of(Register.R0, Register.R5, Register.R6, Register.R7, Register.R8, Register.R9))
                .as((size, at, dst) -> {
                    int bytes = Math.min(size.bytes(), checked);
                    Size fitting = Size.ofBytes(bytes == 3 ? 2 : bytes >= 5 && bytes < 8 ? 4 : bytes);
                    return new PacketLoad(fitting, at % (checked - fitting.bytes() + 1), dst);
                })
                .list().ofMaxSize(4)
                .map(loads -> new PacketAccess(checked, loads)));
    }

    private static Arbitrary<Register> register() {
        return Arbitraries.integers().between(0, 9).map(Register::of);
    }

    private static Arbitrary<Operand> operand() {
        return Arbitraries.oneOf(register().map(Operand::reg), immediates().map(Operand::imm));
    }

    static Arbitrary<Integer> immediates() {
        return Arbitraries.oneOf(
                Arbitraries.integers(),
                Arbitraries.integers().between(-16, 16),
                Arbitraries.of(0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0xffff, 0x8000, 0x80, 0xff, 31, 32, 63));
    }

    static Arbitrary<Long> values() {
        return Arbitraries.oneOf(
                Arbitraries.longs(),
                Arbitraries.longs().between(-300, 300),
                Arbitraries.of(0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 0xffffffffL, 0x80000000L, 0x7fffffffL,
                        0x100000000L, -0x80000000L));
    }
}
