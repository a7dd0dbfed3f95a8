package dev.sluice.dsl.model;

import java.util.Objects;

/** pcap-filter arithmetic: 32-bit unsigned, as in classic BPF's accumulator. */
public sealed interface PcapArith {
    /** A number: decimal, hex, octal, or a named constant ({@code tcpflags}, {@code tcp-syn}). */
    record Number(long value) implements PcapArith {}

    /**
     * {@code PROTO[INDEX:SIZE]}: SIZE (1, 2 or 4) bytes, big-endian, at INDEX from the start of
     * PROTO's header; the packet must also be of that protocol.
     */
    record Load(PcapProtocol protocol, PcapArith index, int size) implements PcapArith {
        /** Rejects a missing protocol or index and sizes other than 1, 2 and 4. */
        public Load {
            Objects.requireNonNull(protocol);
            Objects.requireNonNull(index);
            if (size != 1 && size != 2 && size != 4) throw new IllegalArgumentException("size " + size);
        }
    }

    /** {@code left OP right}. */
    record Binary(Op op, PcapArith left, PcapArith right) implements PcapArith {
        /** Rejects missing parts. */
        public Binary {
            Objects.requireNonNull(op);
            Objects.requireNonNull(left);
            Objects.requireNonNull(right);
        }
    }

    /** {@code -operand}, modulo 2^32. */
    record Negate(PcapArith operand) implements PcapArith {
        /** Rejects a missing operand. */
        public Negate {
            Objects.requireNonNull(operand);
        }
    }

    /** {@code len}: the packet's length. */
    record Length() implements PcapArith {}

    /** Operators of pcap-filter arithmetic; a division or remainder by 0 at run time rejects the packet. */
    enum Op {
        /** {@code +} */
        ADD,
        /** {@code -} */
        SUB,
        /** {@code *} */
        MUL,
        /** {@code /} */
        DIV,
        /** {@code %} */
        MOD,
        /** {@code &} */
        AND,
        /** {@code |} */
        OR,
        /** {@code ^} */
        XOR,
        /** {@code <<} */
        LSH,
        /** {@code >>} */
        RSH
    }
}
