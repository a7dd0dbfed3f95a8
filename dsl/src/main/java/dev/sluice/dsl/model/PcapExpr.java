package dev.sluice.dsl.model;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A parsed pcap-filter expression (tcpdump's filter language), as libpcap's grammar reads it. The
 * tree keeps the primitives in the order they were written: libpcap's {@code vlan}, {@code mpls},
 * {@code pppoes} and {@code geneve} shift the offsets of every primitive after them in the text,
 * whatever the {@code and}/{@code or} around them, so a compiler walks the tree left to right.
 * Qualifiers that an address inherits ({@code host 1.2.3.4 or 5.6.7.8}) are already resolved: each
 * {@link Primitive} carries its own. Every node knows its column (from 1) in the filter text.
 */
public sealed interface PcapExpr {
    /** Where the node starts in the filter text, counting from 1. */
    int column();

    /** {@code left and right}; libpcap gives {@code and} and {@code or} one precedence, left to right. */
    record And(PcapExpr left, PcapExpr right, int column) implements PcapExpr {
        /** Rejects a missing side. */
        public And {
            Objects.requireNonNull(left);
            Objects.requireNonNull(right);
        }
    }

    /** {@code left or right}. */
    record Or(PcapExpr left, PcapExpr right, int column) implements PcapExpr {
        /** Rejects a missing side. */
        public Or {
            Objects.requireNonNull(left);
            Objects.requireNonNull(right);
        }
    }

    /** {@code not operand} (also {@code !}). */
    record Not(PcapExpr operand, int column) implements PcapExpr {
        /** Rejects a missing operand. */
        public Not {
            Objects.requireNonNull(operand);
        }
    }

    /** A qualified value: {@code tcp dst port 22}, {@code net 10.0.0.0/8}, {@code ether proto 0x88cc}. */
    record Primitive(PcapQualifiers qualifiers, PcapValue value, int column) implements PcapExpr {
        /** Rejects missing parts. */
        public Primitive {
            Objects.requireNonNull(qualifiers);
            Objects.requireNonNull(value);
        }
    }

    /** A bare protocol name: {@code tcp}, {@code ip6}, {@code arp}. */
    record Protocol(PcapProtocol protocol, int column) implements PcapExpr {
        /** Rejects a missing protocol. */
        public Protocol {
            Objects.requireNonNull(protocol);
        }
    }

    /** {@code left OP right} on libpcap's unsigned 32-bit arithmetic ({@code tcp[13] & 2 != 0}). */
    record Relation(PcapArith left, Relop op, PcapArith right, int column) implements PcapExpr {
        /** Rejects missing parts. */
        public Relation {
            Objects.requireNonNull(left);
            Objects.requireNonNull(op);
            Objects.requireNonNull(right);
        }
    }

    /** {@code [PROTO] broadcast}: {@code ether} (the default) only; IP broadcast needs a netmask a capture file lacks. */
    record Broadcast(PcapProtocol protocol, int column) implements PcapExpr {}

    /** {@code [PROTO] multicast}: {@code ether} (the default), {@code ip} or {@code ip6}. */
    record Multicast(PcapProtocol protocol, int column) implements PcapExpr {}

    /** {@code less N} (length at most N) or {@code greater N} (at least N). */
    record Length(boolean atMost, long bytes, int column) implements PcapExpr {}

    /** {@code vlan [ID]}, {@code mpls [LABEL]}, {@code pppoes [ID]}, {@code pppoed}, {@code geneve [VNI]}. */
    record Encapsulation(Kind kind, OptionalLong number, int column) implements PcapExpr {
        /** Rejects a missing kind or number. */
        public Encapsulation {
            Objects.requireNonNull(kind);
            Objects.requireNonNull(number);
        }

        /** The encapsulations libpcap knows on Ethernet. */
        public enum Kind {
            /** An 802.1Q/802.1ad tag (TPID 0x8100, 0x88a8 or 0x9100); shifts the offsets after it by 4. */
            VLAN,
            /** An MPLS label; shifts the network layer after it by 4. */
            MPLS,
            /** PPPoE discovery (EtherType 0x8863); no shift. */
            PPPOED,
            /** A PPPoE session (EtherType 0x8864); what follows is read as PPP. */
            PPPOES,
            /** Geneve over UDP port 6081; what follows is read from the inner frame. */
            GENEVE
        }
    }

    /** The comparison operators of pcap-filter: {@code > >= = != < <=} (unsigned 32-bit). */
    enum Relop {
        /** {@code >} */
        GT,
        /** {@code >=} */
        GE,
        /** {@code =} or {@code ==} */
        EQ,
        /** {@code !=} */
        NE,
        /** {@code <} */
        LT,
        /** {@code <=} */
        LE
    }
}
