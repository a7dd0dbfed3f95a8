package dev.sluice.dsl;

import static dev.sluice.dsl.Protocols.field;

/**
 * Protocol steps of the later packet fields (docs/LANGUAGE.md, "Packet fields"): ARP's fields, SCTP,
 * GRE and the VXLAN and Geneve network identifiers, in the style of {@link Protocols}.
 */
public final class MoreProtocols {
    private MoreProtocols() {}

    /** The bare test {@code arp} (EtherType 0x0806 with its 28 bytes) and the way to ARP's fields. */
    public static final class Arp extends Condition {
        private final String layer;

        Arp(String layer) {
            super(field(layer + "arp"));
            this.layer = layer;
        }

        /** The byte at {@code offset} from the start of the header ({@code arp[OFFSET]}). */
        public RawBytes at(long offset) {
            return new RawBytes.Header(layer + "arp").at(offset);
        }

        /** {@code size} bytes (1, 2 or 4) at {@code offset} from its start, big-endian ({@code arp[OFFSET:SIZE]}). */
        public RawBytes bytes(long offset, int size) {
            return new RawBytes.Header(layer + "arp").bytes(offset, size);
        }

        /** The operation ({@code 1} request, {@code 2} reply). */
        public IntField op() {
            return new IntField(layer + "arp.op");
        }

        /** The sender hardware (MAC) address. */
        public AddressField sha() {
            return new AddressField(layer + "arp.sha");
        }

        /** The target hardware (MAC) address. */
        public AddressField tha() {
            return new AddressField(layer + "arp.tha");
        }

        /** The sender protocol (IPv4) address. */
        public AddressField spa() {
            return new AddressField(layer + "arp.spa");
        }

        /** The target protocol (IPv4) address. */
        public AddressField tpa() {
            return new AddressField(layer + "arp.tpa");
        }
    }

    /** The bare test {@code sctp} (protocol 132 over IPv4 or IPv6, fragments included) and SCTP's ports. */
    public static final class Sctp extends Condition {
        private final String layer;

        Sctp(String layer) {
            super(field(layer + "sctp"));
            this.layer = layer;
        }

        /** The byte at {@code offset} from the start of the header ({@code sctp[OFFSET]}). */
        public RawBytes at(long offset) {
            return new RawBytes.Header(layer + "sctp").at(offset);
        }

        /** {@code size} bytes (1, 2 or 4) at {@code offset} from its start, big-endian ({@code sctp[OFFSET:SIZE]}). */
        public RawBytes bytes(long offset, int size) {
            return new RawBytes.Header(layer + "sctp").bytes(offset, size);
        }

        /** {@code sctp.dport == port} in one call: {@code sctp().dport(3868)}. */
        public Condition dport(long port) {
            return dport().eq(port);
        }

        /** {@code sctp.sport == port}. */
        public Condition sport(long port) {
            return sport().eq(port);
        }

        /** The destination port, for comparisons and sets. */
        public IntField dport() {
            return new IntField(layer + "sctp.dport");
        }

        /** The source port. */
        public IntField sport() {
            return new IntField(layer + "sctp.sport");
        }
    }

    /** The bare test {@code gre} (protocol 47 over IPv4 or IPv6) and GRE's protocol type. */
    public static final class Gre extends Condition {
        private final String layer;

        Gre(String layer) {
            super(field(layer + "gre"));
            this.layer = layer;
        }

        /** The protocol type of the carried packet ({@code 0x6558} Ethernet, {@code 0x0800} IPv4, ...). */
        public IntField proto() {
            return new IntField(layer + "gre.proto");
        }
    }

    /** A UDP tunnel header, {@code vxlan} (port 4789) or {@code geneve} (port 6081): its network identifier. */
    public static final class Tunnel {
        private final String prefix;

        Tunnel(String prefix) {
            this.prefix = prefix;
        }

        /** {@code PREFIX.vni == vni} in one call: {@code vxlan().vni(42)}. */
        public Condition vni(long vni) {
            return vni().eq(vni);
        }

        /** The 24-bit network identifier, for comparisons and sets. */
        public IntField vni() {
            return new IntField(prefix + ".vni");
        }
    }
}
