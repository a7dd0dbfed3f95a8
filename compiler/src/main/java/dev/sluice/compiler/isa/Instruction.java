package dev.sluice.compiler.isa;

import java.util.Objects;

/**
 * One eBPF instruction (RFC 9669, ISA v1 to v4). Every record validates its fields so that an
 * instruction that exists as a value always has an encoding. Jump and call offsets are relative, in
 * instruction slots, as in the encoding; {@link CodeBuilder} computes them from labels.
 */
public sealed interface Instruction {

    /** How many 8-byte slots the encoding takes: 2 for a 64-bit immediate load, else 1. */
    default int slots() {
        return 1;
    }

    /** {@code dst OP= src} in 64-bit ({@code wide}) or 32-bit arithmetic. */
    record Alu(boolean wide, AluOp op, Register dst, Operand src) implements Instruction {
        /** Checks the operands the encoding allows: NEG takes none, MOVSX a register, MOVSX32 only 64-bit form. */
        public Alu {
            Objects.requireNonNull(op);
            Objects.requireNonNull(dst);
            Objects.requireNonNull(src);
            if (op == AluOp.NEG && !(src instanceof Operand.Imm i && i.value() == 0)) {
                throw new IllegalArgumentException("neg takes no source operand");
            }
            if (op.isSignExtendingMove() && !(src instanceof Operand.Reg)) {
                throw new IllegalArgumentException("movsx takes a register source");
            }
            if (op == AluOp.MOVSX32 && !wide) {
                throw new IllegalArgumentException("movsx from 32 bits exists only in 64-bit form");
            }
        }
    }

    /** Byte order conversion of the low {@code bits} of {@code dst}, zero-extending the result. */
    record ByteSwap(ByteOrder order, int bits, Register dst) implements Instruction {
        /** Which conversion a {@code BPF_END} instruction does. */
        public enum ByteOrder {
            /** {@code le16/32/64}: to little-endian, a truncation on x86. */
            TO_LE,
            /** {@code be16/32/64}: to big-endian. */
            TO_BE,
            /** {@code bswap16/32/64} (ISA v4): an unconditional swap. */
            SWAP
        }

        /** Checks that {@code bits} is 16, 32 or 64. */
        public ByteSwap {
            Objects.requireNonNull(order);
            Objects.requireNonNull(dst);
            if (bits != 16 && bits != 32 && bits != 64) {
                throw new IllegalArgumentException("byte swap width must be 16, 32 or 64, not " + bits);
            }
        }
    }

    /** {@code if dst OP src goto +offset}, comparing 64 bits or the low 32 ({@code jmp32}). */
    record Jump(boolean jmp32, JumpOp op, Register dst, Operand src, int offset) implements Instruction {
        /** Checks that {@code offset} fits the signed 16-bit offset field. */
        public Jump {
            Objects.requireNonNull(op);
            Objects.requireNonNull(dst);
            Objects.requireNonNull(src);
            checkOffset(offset);
        }
    }

    /** Unconditional jump: {@code ja} with a 16-bit offset, or {@code gotol} (v4) with a 32-bit one. */
    record Goto(int offset, boolean wide) implements Instruction {
        /** Checks that a {@code ja} offset fits 16 bits; a {@code gotol} takes any int. */
        public Goto {
            if (!wide) checkOffset(offset);
        }
    }

    /** {@code call imm}: a helper by id, a bpf-to-bpf function by relative offset, or a kfunc by BTF id. */
    record Call(CallKind kind, int imm) implements Instruction {
        /** Requires a kind. */
        public Call {
            Objects.requireNonNull(kind);
        }
    }

    /** {@code exit}: returns r0 to the caller, or as the program's result. */
    record Exit() implements Instruction {}

    /** {@code dst = imm} over two slots; {@code source} says what the kernel makes of the immediate. */
    record LoadImm64(Register dst, Pseudo source, long imm) implements Instruction {
        /** Requires a register and a source kind. */
        public LoadImm64 {
            Objects.requireNonNull(dst);
            Objects.requireNonNull(source);
        }

        @Override
        public int slots() {
            return 2;
        }
    }

    /**
     * Legacy packet load into r0 ({@code LD_ABS}, or {@code LD_IND} which adds {@code src}); the value
     * comes back in host order. Only in socket filters and tc programs, with the skb in r6.
     */
    record LoadPacket(boolean indirect, Size size, Register src, int imm) implements Instruction {
        /** Checks the width (1, 2 or 4 bytes) and that an absolute load names no source register (r0). */
        public LoadPacket {
            Objects.requireNonNull(size);
            Objects.requireNonNull(src);
            if (size == Size.DW) throw new IllegalArgumentException("packet loads are 1, 2 or 4 bytes");
            if (!indirect && src != Register.R0) {
                throw new IllegalArgumentException("an absolute packet load has no source register");
            }
        }
    }

    /** {@code dst = *(size *)(src + offset)}, sign-extending ({@code MEMSX}, v4) or not. */
    record Load(Size size, Register dst, Register src, int offset, boolean signExtend) implements Instruction {
        /** Checks the offset fits 16 bits and that a sign-extending load is not 8 bytes wide. */
        public Load {
            Objects.requireNonNull(size);
            Objects.requireNonNull(dst);
            Objects.requireNonNull(src);
            checkOffset(offset);
            if (signExtend && size == Size.DW) {
                throw new IllegalArgumentException("a sign-extending load is 1, 2 or 4 bytes");
            }
        }
    }

    /** {@code *(size *)(dst + offset) = src}, from a register ({@code STX}) or an immediate ({@code ST}). */
    record Store(Size size, Register dst, int offset, Operand src) implements Instruction {
        /** Checks that the offset fits 16 bits. */
        public Store {
            Objects.requireNonNull(size);
            Objects.requireNonNull(dst);
            Objects.requireNonNull(src);
            checkOffset(offset);
        }
    }

    /** Atomic {@code *(size *)(dst + offset) OP= src} on 4 or 8 bytes. */
    record Atomic(Size size, AtomicOp op, Register dst, Register src, int offset) implements Instruction {
        /** Checks the offset fits 16 bits and the width is 4 or 8 bytes. */
        public Atomic {
            Objects.requireNonNull(size);
            Objects.requireNonNull(op);
            Objects.requireNonNull(dst);
            Objects.requireNonNull(src);
            checkOffset(offset);
            if (size != Size.W && size != Size.DW) {
                throw new IllegalArgumentException("atomics are 4 or 8 bytes");
            }
        }
    }

    private static void checkOffset(int offset) {
        if (offset < Short.MIN_VALUE || offset > Short.MAX_VALUE) {
            throw new IllegalArgumentException("offset " + offset + " does not fit in 16 bits");
        }
    }
}
