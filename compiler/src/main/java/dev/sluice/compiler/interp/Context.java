package dev.sluice.compiler.interp;

import dev.sluice.compiler.hooks.ProgramKind;

import java.util.Objects;

/**
 * The context a program runs on. The packet of a packet context is what {@code data} points at:
 * the Ethernet header for xdp and tc, the network header for socket filters and cgroup programs.
 */
public sealed interface Context {
    /** The program type this context is for; the interpreter checks the code's context accesses against it. */
    ProgramKind kind();

    /** {@code struct xdp_md} over a packet. */
    record Xdp(byte[] packet, int ingressIfindex, int rxQueueIndex) implements Context {
        /** Copies the packet, so the run cannot change the caller's array. */
        public Xdp {
            packet = packet.clone();
        }

        /** An xdp context over {@code packet} arriving on ifindex 1, receive queue 0. */
        public static Xdp of(byte[] packet) {
            return new Xdp(packet, 1, 0);
        }

        @Override
        public ProgramKind kind() {
            return ProgramKind.XDP;
        }
    }

    /**
     * {@code struct __sk_buff} for socket filters, tc and cgroup_skb programs. {@code fields} holds
     * the 192-byte structure's plain values (len, protocol, mark, ...); data and data_end are
     * supplied from the packet.
     */
    record Skb(ProgramKind kind, byte[] packet, byte[] fields) implements Context {
        /** The size of {@code struct __sk_buff} in bytes. */
        public static final int SIZE = 192;

        /** Checks the program type runs on an skb and that {@code fields} is {@code SIZE} bytes; copies both arrays. */
        public Skb {
            Objects.requireNonNull(kind);
            if (kind != ProgramKind.SOCKET_FILTER && kind != ProgramKind.SCHED_CLS && kind != ProgramKind.CGROUP_SKB) {
                throw new IllegalArgumentException(kind + " does not run on an __sk_buff");
            }
            if (fields.length != SIZE) throw new IllegalArgumentException("__sk_buff is " + SIZE + " bytes");
            packet = packet.clone();
            fields = fields.clone();
        }

        /** An skb over {@code packet} with len set and {@code protocol} the EtherType (host order). */
        public static Skb of(ProgramKind kind, byte[] packet, int etherType) {
            byte[] f = new byte[SIZE];
            Memory.write(f, 0, 4, packet.length);
            Memory.write(f, 16, 4, Short.reverseBytes((short) etherType) & 0xffffL);
            Memory.write(f, 36, 4, 1);
            Memory.write(f, 40, 4, 1);
            return new Skb(kind, packet, f);
        }

        /**
         * A copy with the {@code size}-byte little-endian field at {@code offset} set to {@code value}
         * (mark at 8, say).
         */
        public Skb withField(int offset, int size, long value) {
            byte[] f = fields.clone();
            Memory.write(f, offset, size, value);
            return new Skb(kind, packet, f);
        }
    }

    /** A read-only context given as bytes: pt_regs, a tracepoint record, bpf_cgroup_dev_ctx, perf sample data. */
    record Raw(ProgramKind kind, byte[] bytes) implements Context {
        /** Requires a kind; copies the bytes. */
        public Raw {
            Objects.requireNonNull(kind);
            bytes = bytes.clone();
        }
    }
}
