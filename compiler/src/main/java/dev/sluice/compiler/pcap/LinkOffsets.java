package dev.sluice.compiler.pcap;

import dev.sluice.compiler.pcap.PcapTest.Value;

/**
 * Where libpcap's gencode reads the link layer for Ethernet (its cstate offsets), as the primitives
 * written so far left them: {@code vlan} adds 4 to the type and payload offsets, {@code mpls} moves
 * the network layer 4 on, {@code pppoes} makes what follows PPP, {@code geneve} moves every offset
 * into the inner frame, whose start is only known at run time. Changes in text order, whatever the
 * {@code and}/{@code or} around a primitive: that is libpcap's meaning.
 */
final class LinkOffsets {
    /** Scratch slots of the Geneve offsets (libpcap's registers for off_linktype, off_linkhdr, off_linkpl). */
    static final int GENEVE_START = 0;
    static final int GENEVE_TYPE = 1;
    static final int GENEVE_HEADER = 2;
    static final int GENEVE_PAYLOAD = 3;
    /** Scratch slots a filter may use. */
    static final int SLOTS = 4;

    /** An offset from the frame's start: a run-time part ({@code 0} or a scratch slot) plus a constant. */
    record At(Value base, int constant) {
        static At fixed(int constant) {
            return new At(new Value.Constant(0), constant);
        }

        At plus(int n) {
            return new At(base, constant + n);
        }

        boolean variable() {
            return !(base instanceof Value.Constant);
        }

        /** {@code size} bytes at {@code offset} from here. */
        Value load(int offset, int size) {
            return new Value.Load(base, constant + offset, size);
        }

        /** {@code size} bytes at {@code index + offset} from here (libpcap adds the variable part to the index). */
        Value indexed(Value index, int offset, int size) {
            Value dynamic = variable() ? new Value.Binary(PcapTest.Arith.ADD, index, base) : index;
            return new Value.Load(dynamic, constant + offset, size);
        }
    }

    /** Whether libpcap's optimiser runs on this filter: protochain and geneve turn it off. */
    final boolean optimized;
    /** The start of the (innermost) link-layer header. */
    At linkHeader = At.fixed(0);
    /** The EtherType (or, after pppoes, the PPP protocol field). */
    At linkType = At.fixed(12);
    /** The link-layer payload. */
    At linkPayload = At.fixed(14);
    /** The network layer, from the link-layer payload (MPLS labels move it). */
    int network = 0;
    /** MPLS labels seen so far. */
    int labels = 0;
    /** VLAN tags seen so far. */
    int vlans = 0;
    /** After pppoes: link-type tests compare PPP protocol numbers. */
    boolean ppp = false;
    /** After geneve: link-layer address tests first check that the inner frame has an Ethernet header. */
    boolean geneve = false;

    LinkOffsets(boolean optimized) {
        this.optimized = optimized;
    }

    /** The network layer's offset from the frame's start. */
    At networkLayer() {
        return linkPayload.plus(network);
    }
}
