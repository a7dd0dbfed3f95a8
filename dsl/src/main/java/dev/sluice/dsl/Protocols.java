package dev.sluice.dsl;

import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.SourceLocation;

/** Protocol steps: each is the bare test ({@code tcp}) and the way to its fields ({@code tcp().dport()}). */
public final class Protocols {
    private Protocols() {}

    static Expr.Field field(String name) {
        return new Expr.Field(name, SourceLocation.caller());
    }

    public static final class Tcp extends Condition {
        Tcp() {
            super(field("tcp"));
        }

        public Condition dport(long port) {
            return dport().eq(port);
        }

        public Condition sport(long port) {
            return sport().eq(port);
        }

        public IntField dport() {
            return new IntField("tcp.dport");
        }

        public IntField sport() {
            return new IntField("tcp.sport");
        }

        public IntField win() {
            return new IntField("tcp.win");
        }

        public IntField flags() {
            return new IntField("tcp.flags");
        }

        public Condition syn() {
            return new Condition(field("tcp.syn"));
        }

        public Condition ack() {
            return new Condition(field("tcp.ack"));
        }

        public Condition fin() {
            return new Condition(field("tcp.fin"));
        }

        public Condition rst() {
            return new Condition(field("tcp.rst"));
        }

        public Condition psh() {
            return new Condition(field("tcp.psh"));
        }

        public Condition urg() {
            return new Condition(field("tcp.urg"));
        }
    }

    public static final class Udp extends Condition {
        Udp() {
            super(field("udp"));
        }

        public Condition dport(long port) {
            return dport().eq(port);
        }

        public Condition sport(long port) {
            return sport().eq(port);
        }

        public IntField dport() {
            return new IntField("udp.dport");
        }

        public IntField sport() {
            return new IntField("udp.sport");
        }

        public IntField len() {
            return new IntField("udp.len");
        }
    }

    public static final class Ip extends Condition {
        Ip() {
            super(field("ip"));
        }

        public AddressField src() {
            return new AddressField("ip.src");
        }

        public AddressField dst() {
            return new AddressField("ip.dst");
        }

        public IntField proto() {
            return new IntField("ip.proto");
        }

        public IntField ttl() {
            return new IntField("ip.ttl");
        }

        public IntField tos() {
            return new IntField("ip.tos");
        }

        public IntField len() {
            return new IntField("ip.len");
        }

        public IntField id() {
            return new IntField("ip.id");
        }
    }

    public static final class Ip6 extends Condition {
        Ip6() {
            super(field("ip6"));
        }

        public AddressField src() {
            return new AddressField("ip6.src");
        }

        public AddressField dst() {
            return new AddressField("ip6.dst");
        }

        public IntField next() {
            return new IntField("ip6.next");
        }

        public IntField hlim() {
            return new IntField("ip6.hlim");
        }
    }

    public static final class Icmp extends Condition {
        private final String prefix;

        Icmp(String prefix) {
            super(field(prefix));
            this.prefix = prefix;
        }

        public IntField type() {
            return new IntField(prefix + ".type");
        }

        public IntField code() {
            return new IntField(prefix + ".code");
        }
    }

    public static final class Eth extends Condition {
        Eth() {
            super(field("eth"));
        }

        public AddressField src() {
            return new AddressField("eth.src");
        }

        public AddressField dst() {
            return new AddressField("eth.dst");
        }

        public IntField type() {
            return new IntField("eth.type");
        }
    }

    public static final class Vlan extends Condition {
        Vlan() {
            super(field("vlan"));
        }

        public IntField id() {
            return new IntField("vlan.id");
        }
    }

    public static final class Pkt {
        Pkt() {}

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

        public Condition isBlock() {
            SourceLocation at = SourceLocation.caller();
            return new Condition(new Expr.Compare(Expr.CompareOp.EQ, new Expr.Field("dev.type", at), new Expr.Field("block", at), at));
        }

        public IntField major() {
            return new IntField("dev.major");
        }

        public IntField minor() {
            return new IntField("dev.minor");
        }

        public Condition read() {
            return new Condition(new Expr.Field("dev.read", SourceLocation.caller()));
        }

        public Condition write() {
            return new Condition(new Expr.Field("dev.write", SourceLocation.caller()));
        }

        public Condition mknod() {
            return new Condition(new Expr.Field("dev.mknod", SourceLocation.caller()));
        }
    }
}
