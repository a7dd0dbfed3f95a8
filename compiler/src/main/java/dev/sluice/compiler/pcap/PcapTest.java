package dev.sluice.compiler.pcap;

import java.util.Objects;

/**
 * A pcap-filter expression lowered to what libpcap's gencode builds for Ethernet: tests on 32-bit
 * values loaded from offsets counted from the start of the frame, joined by short-circuit
 * {@code and}/{@code or}/{@code not}. Evaluation order is libpcap's, which matters: a load past the
 * end of the packet rejects the whole filter, even under a {@code not}.
 */
public sealed interface PcapTest {
    /** Both, the left first. */
    record And(PcapTest left, PcapTest right) implements PcapTest {}

    /** Either, the left first. */
    record Or(PcapTest left, PcapTest right) implements PcapTest {}

    /** The negation (a rejection inside stays a rejection). */
    record Not(PcapTest operand) implements PcapTest {}

    /** Always true or always false. */
    record Constant(boolean value) implements PcapTest {}

    /**
     * {@code left OP right}, unsigned 32-bit, the left side evaluated first; {@code relation} when it
     * is a relation of the expression (gen_relation compares values it computed into scratch memory,
     * which libpcap's jump peepholes do not look through) rather than a primitive's own test.
     */
    record Compare(Value left, Op op, Value right, boolean relation) implements PcapTest {
        public Compare {
            Objects.requireNonNull(left);
            Objects.requireNonNull(op);
            Objects.requireNonNull(right);
        }

        /** A primitive's test. */
        public Compare(Value left, Op op, Value right) {
            this(left, op, right, false);
        }
    }

    /**
     * Stores {@code value} in scratch slot {@code slot}, as libpcap keeps Geneve's variable offsets in
     * its scratch memory; always holds.
     */
    record Assign(int slot, Value value) implements PcapTest {
        public Assign {
            Objects.requireNonNull(value);
        }
    }

    /**
     * gen_protochain: starting with next-header value {@code first} and header length {@code start},
     * follows the chain from the network layer at {@code base} until a header is {@code protocol}
     * (holds), is 59 (no next header) or is neither AH nor, when {@code ipv6}, hop-by-hop,
     * destination options, routing or fragment (fails); each step reads the next header and its
     * length at {@code base + X}, past the end rejecting the packet.
     */
    record ProtoChain(Value first, Value start, long base, boolean ipv6, long protocol) implements PcapTest {
        public ProtoChain {
            Objects.requireNonNull(first);
            Objects.requireNonNull(start);
        }
    }

    /** Comparison operators (classic BPF's JEQ, JGT, JGE and their negations). */
    enum Op { EQ, NE, GT, GE, LT, LE }

    /** A 32-bit value of classic BPF's accumulator. */
    sealed interface Value {
        /** A constant. */
        record Constant(long value) implements Value {}

        /**
         * {@code size} bytes, big-endian, at {@code dynamic + offset} from the frame's start
         * (dynamic is a 32-bit value; the sum does not wrap); past the end rejects the packet.
         */
        record Load(Value dynamic, long offset, int size) implements Value {}

        /** 4 * (the low nibble of the byte at {@code offset}): classic BPF's {@code ldx 4*([k]&0xf)}, the IPv4 header length. */
        record HeaderLength(long offset) implements Value {}

        /** The value last assigned to scratch slot {@code slot} (0 before any). */
        record Slot(int slot) implements Value {}

        /** The packet's length. */
        record Length() implements Value {}

        /** {@code left OP right} modulo 2^32; a division or remainder by 0 rejects the packet. */
        record Binary(Arith op, Value left, Value right) implements Value {}

        /** {@code -operand} modulo 2^32. */
        record Negate(Value operand) implements Value {}

        /** A load at a constant offset. */
        static Value at(long offset, int size) {
            return new Load(new Constant(0), offset, size);
        }
    }

    /** Arithmetic of classic BPF. */
    enum Arith { ADD, SUB, MUL, DIV, MOD, AND, OR, XOR, LSH, RSH }

    /** {@code left and right}, folding constants. */
    static PcapTest and(PcapTest left, PcapTest right) {
        return new And(left, right);
    }

    /** {@code left or right}. */
    static PcapTest or(PcapTest left, PcapTest right) {
        return new Or(left, right);
    }

    /** {@code not t}. */
    static PcapTest not(PcapTest t) {
        return new Not(t);
    }
}
