package dev.sluice.grammar.pcap;

import dev.sluice.dsl.model.Literals;
import dev.sluice.dsl.model.PcapExpr;
import dev.sluice.dsl.model.PcapProtocol;
import dev.sluice.dsl.model.PcapQualifiers;
import dev.sluice.dsl.model.PcapQualifiers.Direction;
import dev.sluice.dsl.model.PcapQualifiers.Kind;
import dev.sluice.dsl.model.PcapValue;
import java.util.EnumSet;
import java.util.Set;
import org.antlr.v4.runtime.Token;

/**
 * A value under its qualifiers, checked as libpcap's gen_ncode, gen_mcode, gen_mcode6, gen_ecode and
 * gen_scode check it: which protocols take hosts, nets, ports and protocol numbers, masks without
 * host bits, numbers in range. Names are resolved here or refused (no name databases).
 */
final class PcapValues {
    private PcapValues() {}

    private static final Set<PcapProtocol> HOST_PROTOCOLS = EnumSet.of(PcapProtocol.DEFAULT, PcapProtocol.IP, PcapProtocol.ARP, PcapProtocol.RARP);
    private static final Set<PcapProtocol> PORT_PROTOCOLS = EnumSet.of(PcapProtocol.DEFAULT, PcapProtocol.TCP, PcapProtocol.UDP, PcapProtocol.SCTP);

    static PcapExpr primitive(PcapParser.AddressContext a, PcapQualifiers q, int column) {
        Token at = a.getStart();
        return new PcapExpr.Primitive(q, checked(a, q, at), column);
    }

    private static PcapValue checked(PcapParser.AddressContext a, PcapQualifiers q, Token at) {
        if (a instanceof PcapParser.NumberAddressContext n) {
            long v = number(n.number());
            return switch (q.kind()) {
                case DEFAULT, HOST, NET -> {
                    long mask = 0xffffffffL;
                    if (q.kind() == Kind.NET) {
                        while (v != 0 && (v & 0xff000000L) == 0) {
                            v = (v << 8) & 0xffffffffL;
                            mask = (mask << 8) & 0xffffffffL;
                        }
                    }
                    yield host(q, new PcapValue.Ipv4(v, mask), at);
                }
                case PORT, PORTRANGE -> port(q, v, v, at);
                case PROTO -> protocolNumber(q, v, at);
                case PROTOCHAIN -> protochain(q, v, at);
            };
        }
        if (a instanceof PcapParser.Ipv4AddressContext h) {
            String text = h.HID(0).getText();
            long[] parsed = dotted(text, at);
            long v = parsed[0];
            int bits = (int) parsed[1];
            if (h.SLASH() != null || h.MASK() != null) {
                long mask;
                if (h.SLASH() != null) {
                    long length = number(h.number());
                    if (length > 32) throw PcapSyntaxError.at(h.number().getStart(), "mask length must be <= 32");
                    mask = length == 0 ? 0 : (0xffffffffL << (32 - length)) & 0xffffffffL;
                } else {
                    long[] m = dotted(h.HID(1).getText(), h.HID(1).getSymbol());
                    mask = (m[0] << (32 - m[1])) & 0xffffffffL;
                }
                long address = (v << (32 - bits)) & 0xffffffffL;
                if ((address & ~mask & 0xffffffffL) != 0) throw PcapSyntaxError.at(at, "non-network bits set in \"" + h.getText() + "\"");
                if (q.kind() != Kind.NET) throw PcapSyntaxError.at(at, "mask syntax is for networks only (net " + h.getText() + ")");
                return host(q, new PcapValue.Ipv4(address, mask), at);
            }
            if (q.kind() == Kind.PORT || q.kind() == Kind.PORTRANGE || q.kind() == Kind.PROTO || q.kind() == Kind.PROTOCHAIN) {
                throw PcapSyntaxError.at(at, "'" + q.kind().name().toLowerCase() + "' modifier applied to ip host");
            }
            long address = (v << (32 - bits)) & 0xffffffffL;
            long mask = (0xffffffffL << (32 - bits)) & 0xffffffffL;
            return host(q, new PcapValue.Ipv4(address, mask), at);
        }
        if (a instanceof PcapParser.Ipv6AddressContext h) {
            long[] v6;
            try {
                v6 = Literals.ipv6(h.HID6().getText());
            } catch (IllegalArgumentException e) {
                throw PcapSyntaxError.at(at, "invalid ip6 address " + h.HID6().getText());
            }
            long bits = h.number() == null ? 128 : number(h.number());
            if (bits > 128) throw PcapSyntaxError.at(h.number().getStart(), "mask length must be <= 128");
            long highMask = bits >= 64 ? -1L : bits == 0 ? 0 : -1L << (64 - bits);
            long lowMask = bits <= 64 ? 0 : bits == 128 ? -1L : -1L << (128 - bits);
            if ((v6[0] & ~highMask) != 0 || (v6[1] & ~lowMask) != 0) {
                throw PcapSyntaxError.at(at, "non-network bits set in \"" + h.getText() + "\"");
            }
            if ((q.kind() == Kind.DEFAULT || q.kind() == Kind.HOST) && bits != 128) {
                throw PcapSyntaxError.at(at, "mask syntax is for networks only (net " + h.getText() + ")");
            }
            if (q.kind() != Kind.DEFAULT && q.kind() != Kind.HOST && q.kind() != Kind.NET) {
                throw PcapSyntaxError.at(at, "invalid qualifier against IPv6 address");
            }
            if (q.protocol() != PcapProtocol.DEFAULT && q.protocol() != PcapProtocol.IP6) {
                throw PcapSyntaxError.at(at, "'" + q.protocol().word() + "' modifier applied to ip6 host");
            }
            return new PcapValue.Ipv6(v6[0], v6[1], (int) bits);
        }
        if (a instanceof PcapParser.MacAddressContext m) {
            if ((q.kind() != Kind.HOST && q.kind() != Kind.DEFAULT) || q.protocol() != PcapProtocol.ETHER) {
                throw PcapSyntaxError.at(at, "ethernet address used in non-ether expression (ether host " + m.getText() + ")");
            }
            return new PcapValue.Mac(mac(m.getText(), at));
        }
        String name = a.getText().startsWith("\\") ? a.getText().substring(1) : a.getText();
        return named(name, q, at);
    }

    /** A name: a port range {@code 1000-2000}, or a protocol name after {@code proto}; everything else needs a database. */
    private static PcapValue named(String name, PcapQualifiers q, Token at) {
        switch (q.kind()) {
            case PORTRANGE: {
                int dash = name.indexOf('-');
                if (dash > 0) {
                    try {
                        long lo = unsigned(name.substring(0, dash), at);
                        long hi = unsigned(name.substring(dash + 1), at);
                        return port(q, lo, hi, at);
                    } catch (PcapSyntaxError e) {
                        // not two numbers: a range of service names, refused below
                    }
                }
                throw PcapSyntaxError.at(at, "port names need the services database; write numbers (portrange 1000-2000)");
            }
            case PORT:
                throw PcapSyntaxError.at(at, "port names need the services database; write the number (`" + name + "`)");
            case PROTO:
            case PROTOCHAIN: {
                var number = q.protocol() == PcapProtocol.ETHER ? PcapNames.etherType(name) : PcapNames.ipProtocol(name);
                long v = number.orElseThrow(() -> PcapSyntaxError.at(at, "unknown " + (q.protocol() == PcapProtocol.ETHER ? "ether" : "ip")
                        + " protocol `" + name + "`"));
                return q.kind() == Kind.PROTO ? protocolNumber(q, v, at) : protochain(q, v, at);
            }
            default:
                throw PcapSyntaxError.at(at, "`" + name + "` is a name; host and network names need name look-ups a packet filter"
                        + " does not do: write the address");
        }
    }

    private static PcapValue host(PcapQualifiers q, PcapValue.Ipv4 v, Token at) {
        if (q.protocol() == PcapProtocol.ETHER) throw PcapSyntaxError.at(at, "illegal link layer address (ether host needs a MAC)");
        if (q.protocol() == PcapProtocol.IP6) throw PcapSyntaxError.at(at, "'ip6' modifier applied to ip host");
        if (!HOST_PROTOCOLS.contains(q.protocol())) {
            throw PcapSyntaxError.at(at, "'" + q.protocol().word() + "' modifier applied to " + (q.kind() == Kind.NET ? "net" : "host"));
        }
        return v;
    }

    private static PcapValue port(PcapQualifiers q, long lo, long hi, Token at) {
        String word = q.kind() == Kind.PORT ? "port" : "portrange";
        if (!PORT_PROTOCOLS.contains(q.protocol())) throw PcapSyntaxError.at(at, "illegal qualifier of '" + word + "'");
        if (lo > 65535 || hi > 65535) throw PcapSyntaxError.at(at, "illegal port number " + Math.max(lo, hi) + " > 65535");
        return q.kind() == Kind.PORT ? new PcapValue.Number(lo) : new PcapValue.PortRange(lo, hi);
    }

    private static PcapValue protocolNumber(PcapQualifiers q, long v, Token at) {
        if (q.direction() != Direction.DEFAULT) throw PcapSyntaxError.at(at, "direction applied to 'proto'");
        PcapProtocol p = q.protocol();
        if (p != PcapProtocol.DEFAULT && p != PcapProtocol.ETHER && p != PcapProtocol.IP && p != PcapProtocol.IP6) {
            throw PcapSyntaxError.at(at, "'" + p.word() + " proto' is bogus");
        }
        if (p != PcapProtocol.ETHER && v > 255) throw PcapSyntaxError.at(at, "protocol number " + v + " is greater than 255");
        return new PcapValue.Number(v);
    }

    private static PcapValue protochain(PcapQualifiers q, long v, Token at) {
        PcapProtocol p = q.protocol();
        if (p != PcapProtocol.DEFAULT && p != PcapProtocol.IP && p != PcapProtocol.IP6) {
            throw PcapSyntaxError.at(at, "bad protocol applied for 'protochain'");
        }
        if (v > 255) throw PcapSyntaxError.at(at, "protocol number " + v + " is greater than 255");
        return new PcapValue.Number(v);
    }

    static long number(PcapParser.NumberContext n) {
        String text = n.getText();
        if (n.NAMED_NUMBER() != null) {
            return PcapNames.constant(text).orElseThrow(() -> PcapSyntaxError.at(n.getStart(), "unknown name `" + text + "`"));
        }
        return unsigned(text, n.getStart());
    }

    /** libpcap's number: decimal, 0x hex, or octal with a leading 0; at most 32 bits. */
    static long unsigned(String text, Token at) {
        try {
            long v;
            if (text.startsWith("0x") || text.startsWith("0X")) v = Long.parseLong(text.substring(2), 16);
            else if (text.length() > 1 && text.startsWith("0")) v = Long.parseLong(text.substring(1), 8);
            else v = Long.parseLong(text);
            if (v > 0xffffffffL) throw PcapSyntaxError.at(at, "number " + text + " does not fit in 32 bits");
            return v;
        } catch (NumberFormatException e) {
            throw PcapSyntaxError.at(at, "`" + text + "` is not a number");
        }
    }

    /** A dotted IPv4 of one to four parts: its value and how many bits it gave (8 per part). */
    private static long[] dotted(String text, Token at) {
        String[] parts = text.split("\\.");
        long v = 0;
        for (String part : parts) {
            long p = unsigned(part, at);
            if (p > 255) throw PcapSyntaxError.at(at, "invalid IPv4 address '" + text + "'");
            v = (v << 8) | p;
        }
        return new long[] {v, 8L * parts.length};
    }

    /** xx:xx:xx:xx:xx:xx, xx-xx-..., xx.xx.xx..., xxxx.xxxx.xxxx or xxxxxxxxxxxx. */
    private static long mac(String text, Token at) {
        String[] parts = text.split("[:.-]");
        long v = 0;
        if (parts.length == 1) return Long.parseLong(text, 16);
        int width = parts.length == 3 ? 16 : 8;
        for (String p : parts) v = (v << width) | Long.parseLong(p, 16);
        return v;
    }
}
