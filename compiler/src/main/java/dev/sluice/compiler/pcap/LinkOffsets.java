package dev.sluice.compiler.pcap;

/**
 * Where libpcap's gencode reads the link layer for Ethernet (its cstate offsets), as the primitives
 * written so far left them: {@code vlan} adds 4 to the type and payload offsets, {@code mpls} moves
 * the network layer 4 on, {@code pppoes} makes what follows PPP. Changes in text order, whatever
 * the {@code and}/{@code or} around a primitive: that is libpcap's meaning.
 */
final class LinkOffsets {
    /** The start of the (innermost) link-layer header. */
    int linkHeader = 0;
    /** The EtherType (or, after pppoes, the PPP protocol field). */
    int linkType = 12;
    /** The link-layer payload. */
    int linkPayload = 14;
    /** The network layer, from the link-layer payload (MPLS labels move it). */
    int network = 0;
    /** MPLS labels seen so far. */
    int labels = 0;
    /** VLAN tags seen so far. */
    int vlans = 0;
    /** After pppoes: link-type tests compare PPP protocol numbers. */
    boolean ppp = false;

    /** The network layer's offset from the frame's start. */
    int networkLayer() {
        return linkPayload + network;
    }
}
