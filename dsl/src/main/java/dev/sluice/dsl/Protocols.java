package dev.sluice.dsl;

import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.SourceLocation;

/** Protocol steps: each is the bare test ({@code tcp}) and the way to its fields ({@code tcp().dport()}). */
public final class Protocols {
    private Protocols() {}

    static Expr.Field field(String name) {
        return new Expr.Field(name, SourceLocation.caller());
    }

    /**
     * The bare test {@code tcp} (IPv4 or IPv6 protocol 6, fragments included) and the way to TCP's fields.
     */
    public static final class Tcp extends Condition {
        private final String layer;

        Tcp(String layer) {
            super(field(layer + "tcp"));
            this.layer = layer;
        }

        /** The byte at {@code offset} from the start of the header ({@code tcp[OFFSET]}). */
        public RawBytes at(long offset) {
            return new RawBytes.Header(layer + "tcp").at(offset);
        }

        /** {@code size} bytes (1, 2 or 4) at {@code offset} from its start, big-endian ({@code tcp[OFFSET:SIZE]}). */
        public RawBytes bytes(long offset, int size) {
            return new RawBytes.Header(layer + "tcp").bytes(offset, size);
        }

        /** {@code tcp.dport == port}, the most common rule, in one call: {@code tcp().dport(22)}. */
        public Condition dport(long port) {
            return dport().eq(port);
        }

        /** {@code tcp.sport == port}. */
        public Condition sport(long port) {
            return sport().eq(port);
        }

        /** The destination port, for comparisons and sets: {@code tcp().dport().in(80, 443)}. */
        public IntField dport() {
            return new IntField(layer + "tcp.dport");
        }

        /** The source port. */
        public IntField sport() {
            return new IntField(layer + "tcp.sport");
        }

        /** The receive window field, as in the header. */
        public IntField win() {
            return new IntField(layer + "tcp.win");
        }

        /**
         * The flags byte (CWR ECE URG ACK PSH RST SYN FIN), for masks such as {@code tcp.flags & 0x12 ==
         * 0x02}.
         */
        public IntField flags() {
            return new IntField(layer + "tcp.flags");
        }

        /** The SYN flag is set (absent on a later fragment, so false there). */
        public Condition syn() {
            return new Condition(field(layer + "tcp.syn"));
        }

        /** The ACK flag is set. */
        public Condition ack() {
            return new Condition(field(layer + "tcp.ack"));
        }

        /** The FIN flag is set. */
        public Condition fin() {
            return new Condition(field(layer + "tcp.fin"));
        }

        /** The RST flag is set. */
        public Condition rst() {
            return new Condition(field(layer + "tcp.rst"));
        }

        /** The PSH flag is set. */
        public Condition psh() {
            return new Condition(field(layer + "tcp.psh"));
        }

        /** The URG flag is set. */
        public Condition urg() {
            return new Condition(field(layer + "tcp.urg"));
        }
    }

    /** The bare test {@code udp} (protocol 17 over IPv4 or IPv6) and the way to UDP's fields. */
    public static final class Udp extends Condition {
        private final String layer;

        Udp(String layer) {
            super(field(layer + "udp"));
            this.layer = layer;
        }

        /** The byte at {@code offset} from the start of the header ({@code udp[OFFSET]}). */
        public RawBytes at(long offset) {
            return new RawBytes.Header(layer + "udp").at(offset);
        }

        /** {@code size} bytes (1, 2 or 4) at {@code offset} from its start, big-endian ({@code udp[OFFSET:SIZE]}). */
        public RawBytes bytes(long offset, int size) {
            return new RawBytes.Header(layer + "udp").bytes(offset, size);
        }

        /** {@code udp.dport == port} in one call: {@code udp().dport(53)}. */
        public Condition dport(long port) {
            return dport().eq(port);
        }

        /** {@code udp.sport == port}. */
        public Condition sport(long port) {
            return sport().eq(port);
        }

        /** The destination port, for comparisons and sets. */
        public IntField dport() {
            return new IntField(layer + "udp.dport");
        }

        /** The source port. */
        public IntField sport() {
            return new IntField(layer + "udp.sport");
        }

        /** The UDP length field, as in the header (not the packet's length). */
        public IntField len() {
            return new IntField(layer + "udp.len");
        }
    }

    /** The bare test {@code ip} (an IPv4 packet, by its EtherType) and the way to IPv4's fields. */
    public static final class Ip extends Condition {
        private final String layer;

        Ip(String layer) {
            super(field(layer + "ip"));
            this.layer = layer;
        }

        /** The byte at {@code offset} from the start of the header ({@code ip[OFFSET]}). */
        public RawBytes at(long offset) {
            return new RawBytes.Header(layer + "ip").at(offset);
        }

        /** {@code size} bytes (1, 2 or 4) at {@code offset} from its start, big-endian ({@code ip[OFFSET:SIZE]}). */
        public RawBytes bytes(long offset, int size) {
            return new RawBytes.Header(layer + "ip").bytes(offset, size);
        }

        /**
         * The source address: compare with {@code eq}, or test membership with {@code in} (addresses, CIDRs,
         * named sets).
         */
        public AddressField src() {
            return new AddressField(layer + "ip.src");
        }

        /** The destination address. */
        public AddressField dst() {
            return new AddressField(layer + "ip.dst");
        }

        /** The protocol number ({@code 6} TCP, {@code 17} UDP, {@code 1} ICMP). */
        public IntField proto() {
            return new IntField(layer + "ip.proto");
        }

        /** The time-to-live. */
        public IntField ttl() {
            return new IntField(layer + "ip.ttl");
        }

        /** The type-of-service byte (DSCP and ECN together). */
        public IntField tos() {
            return new IntField(layer + "ip.tos");
        }

        /** The total-length field, as in the header. */
        public IntField len() {
            return new IntField(layer + "ip.len");
        }

        /** The identification field. */
        public IntField id() {
            return new IntField(layer + "ip.id");
        }

        /** The header length in 32-bit words (5 without options, up to 15). */
        public IntField ihl() {
            return new IntField(layer + "ip.ihl");
        }

        /** The don't-fragment flag is set. */
        public Condition df() {
            return new Condition(field(layer + "ip.df"));
        }

        /** The more-fragments flag is set. */
        public Condition mf() {
            return new Condition(field(layer + "ip.mf"));
        }

        /** The 13-bit fragment offset, in 8-byte units ({@code 0} on a first fragment and on whole packets). */
        public IntField fragoff() {
            return new IntField(layer + "ip.fragoff");
        }
    }

    /** The bare test {@code ip6} (an IPv6 packet, by its EtherType) and the way to IPv6's fields. */
    public static final class Ip6 extends Condition {
        private final String layer;

        Ip6(String layer) {
            super(field(layer + "ip6"));
            this.layer = layer;
        }

        /** The byte at {@code offset} from the start of the header ({@code ip6[OFFSET]}). */
        public RawBytes at(long offset) {
            return new RawBytes.Header(layer + "ip6").at(offset);
        }

        /** {@code size} bytes (1, 2 or 4) at {@code offset} from its start, big-endian ({@code ip6[OFFSET:SIZE]}). */
        public RawBytes bytes(long offset, int size) {
            return new RawBytes.Header(layer + "ip6").bytes(offset, size);
        }

        /** The source address; IPv6 members of a mixed set match here, IPv4 members match {@code ip.src}. */
        public AddressField src() {
            return new AddressField(layer + "ip6.src");
        }

        /** The destination address. */
        public AddressField dst() {
            return new AddressField(layer + "ip6.dst");
        }

        /**
         * The protocol after the extension headers that are skipped (hop-by-hop, routing, fragment,
         * destination options; up to four).
         */
        public IntField next() {
            return new IntField(layer + "ip6.next");
        }

        /** The hop limit. */
        public IntField hlim() {
            return new IntField(layer + "ip6.hlim");
        }

        /** The traffic class byte (DSCP and ECN together). */
        public IntField tclass() {
            return new IntField(layer + "ip6.tclass");
        }

        /** The 20-bit flow label. */
        public IntField flow() {
            return new IntField(layer + "ip6.flow");
        }

        /** The payload-length field, as in the header. */
        public IntField plen() {
            return new IntField(layer + "ip6.plen");
        }
    }

    /**
     * The bare test {@code icmp} (IPv4 protocol 1) or {@code icmp6} (IPv6 next header 58), and their type and
     * code.
     */
    public static final class Icmp extends Condition {
        private final String prefix;

        Icmp(String prefix) {
            super(field(prefix));
            this.prefix = prefix;
        }

        /** The byte at {@code offset} from the start of the header ({@code icmp[OFFSET]} or {@code icmp6[OFFSET]}). */
        public RawBytes at(long offset) {
            return new RawBytes.Header(prefix).at(offset);
        }

        /** {@code size} bytes (1, 2 or 4) at {@code offset} from its start, big-endian ({@code icmp[OFFSET:SIZE]}). */
        public RawBytes bytes(long offset, int size) {
            return new RawBytes.Header(prefix).bytes(offset, size);
        }

        /** The message type ({@code 8} echo request for ICMP, {@code 128} for ICMPv6). */
        public IntField type() {
            return new IntField(prefix + ".type");
        }

        /** The message code. */
        public IntField code() {
            return new IntField(prefix + ".code");
        }
    }

    /** The bare test {@code eth} (a program that sees the Ethernet header) and the way to its fields. */
    public static final class Eth extends Condition {
        private final String layer;

        Eth(String layer) {
            super(field(layer + "eth"));
            this.layer = layer;
        }

        /** The byte at {@code offset} from the start of the header ({@code eth[OFFSET]}). */
        public RawBytes at(long offset) {
            return new RawBytes.Header(layer + "eth").at(offset);
        }

        /** {@code size} bytes (1, 2 or 4) at {@code offset} from its start, big-endian ({@code eth[OFFSET:SIZE]}). */
        public RawBytes bytes(long offset, int size) {
            return new RawBytes.Header(layer + "eth").bytes(offset, size);
        }

        /** The source MAC address. */
        public AddressField src() {
            return new AddressField(layer + "eth.src");
        }

        /** The destination MAC address. */
        public AddressField dst() {
            return new AddressField(layer + "eth.dst");
        }

        /** The EtherType after any VLAN tags (or the 802.3 length, below 0x0600). */
        public IntField type() {
            return new IntField(layer + "eth.type");
        }
    }

    /** The bare test {@code vlan} (an 802.1Q or 802.1ad tag is present) and its id. */
    public static final class Vlan extends Condition {
        private final String layer;

        Vlan(String layer) {
            super(field(layer + "vlan"));
            this.layer = layer;
        }

        /** The outer tag's 12-bit VLAN id. */
        public IntField id() {
            return new IntField(layer + "vlan.id");
        }

        /** The outer tag's 3-bit priority code point. */
        public IntField pcp() {
            return new IntField(layer + "vlan.pcp");
        }

        /** The second (inner) tag's 12-bit id; absent unless two tags are there. */
        public IntField inner() {
            return new IntField(layer + "vlan.inner");
        }
    }

    /** Fields of every packet, whatever its headers. */
    public static final class Pkt {
        Pkt() {}

        /** The packet's length in bytes, as the program sees it. */
        public IntField len() {
            return new IntField("pkt.len");
        }
    }

    /** Device access fields (cgroup device): the kind, the numbers, and the access asked for. */
    public static final class Dev {
        Dev() {}

        /** {@code dev.type == char} ({@code true}) or {@code == block}. */
        public Condition isChar() {
            SourceLocation at = SourceLocation.caller();
            return new Condition(new Expr.Compare(Expr.CompareOp.EQ, new Expr.Field("dev.type", at), new Expr.Field("char", at), at));
        }

        /** {@code dev.type == block}: the access is to a block device. */
        public Condition isBlock() {
            SourceLocation at = SourceLocation.caller();
            return new Condition(new Expr.Compare(Expr.CompareOp.EQ, new Expr.Field("dev.type", at), new Expr.Field("block", at), at));
        }

        /** The device's major number. */
        public IntField major() {
            return new IntField("dev.major");
        }

        /** The device's minor number. */
        public IntField minor() {
            return new IntField("dev.minor");
        }

        /** The access asks to read. */
        public Condition read() {
            return new Condition(new Expr.Field("dev.read", SourceLocation.caller()));
        }

        /** The access asks to write. */
        public Condition write() {
            return new Condition(new Expr.Field("dev.write", SourceLocation.caller()));
        }

        /** The access asks to create the device node (mknod). */
        public Condition mknod() {
            return new Condition(new Expr.Field("dev.mknod", SourceLocation.caller()));
        }
    }
}
