package dev.sluice.compiler.pcap;

import static dev.sluice.compiler.pcap.PcapTest.and;
import static dev.sluice.compiler.pcap.PcapTest.not;
import static dev.sluice.compiler.pcap.PcapTest.or;

import dev.sluice.compiler.pcap.PcapTest.Op;
import dev.sluice.compiler.pcap.PcapTest.Value;
import dev.sluice.dsl.model.PcapProtocol;
import dev.sluice.dsl.model.PcapQualifiers.Direction;

/**
 * The tests of libpcap's gencode for DLT_EN10MB (gen_linktype, gen_proto, gen_host, gen_port, ...),
 * over the current {@link LinkOffsets}, each in libpcap's evaluation order.
 */
final class PcapPrimitives {
    static final int ETHERTYPE_IP = 0x0800;
    static final int ETHERTYPE_IPV6 = 0x86dd;
    static final int ETHERTYPE_ARP = 0x0806;
    static final int ETHERTYPE_RARP = 0x8035;
    private static final int ETHERMTU = 1500;
    private static final int IPPROTO_FRAGMENT = 44;

    private final LinkOffsets o;
    private final int column;

    PcapPrimitives(LinkOffsets offsets, int column) {
        this.o = offsets;
        this.column = column;
    }

    static PcapTest cmp(Value v, Op op, long k) {
        return new PcapTest.Compare(v, op, new Value.Constant(k & 0xffffffffL));
    }

    /** gen_mcmp: {@code (v & mask) == k}. */
    static PcapTest mcmp(Value v, long mask, long k) {
        if (mask == 0xffffffffL) return cmp(v, Op.EQ, k);
        return cmp(new Value.Binary(PcapTest.Arith.AND, v, new Value.Constant(mask)), Op.EQ, k);
    }

    Value linkHeader(int offset, int size) {
        return o.linkHeader.load(offset, size);
    }

    Value linkType(int offset, int size) {
        return o.linkType.load(offset, size);
    }

    Value network(int offset, int size) {
        return o.networkLayer().load(offset, size);
    }

    /**
     * The IPv4 header's length plus the variable part of the link-layer payload's offset
     * (gen_loadx_iphdrlen): classic BPF's {@code 4*([k]&0xf)} when that offset is constant.
     */
    Value ipHeaderLength() {
        LinkOffsets.At ip = o.networkLayer();
        if (!ip.variable()) return new Value.HeaderLength(ip.constant());
        Value nibble = new Value.Binary(PcapTest.Arith.AND, ip.load(0, 1), new Value.Constant(0xf));
        return new Value.Binary(PcapTest.Arith.ADD, new Value.Binary(PcapTest.Arith.LSH, nibble, new Value.Constant(2)), ip.base());
    }

    /** After the IPv4 header, whose length comes from its IHL. */
    Value ipv4Transport(int offset, int size) {
        return new Value.Load(ipHeaderLength(), o.networkLayer().constant() + offset, size);
    }

    Value ipv6Transport(int offset, int size) {
        return network(40 + offset, size);
    }

    /** gen_geneve_ll_check: after geneve, the inner frame has an Ethernet header (its start is not its payload's). */
    PcapTest innerEthernet(PcapTest t) {
        if (!o.geneve) return t;
        return and(new PcapTest.Compare(o.linkHeader.base(), Op.NE, o.linkPayload.base()), t);
    }

    /** gen_linktype: the EtherType (or LLC SAP), the PPP protocol after pppoes, or the IP version after MPLS. */
    PcapTest linkType(long etherType) {
        if (o.labels > 0) {
            if (etherType != ETHERTYPE_IP && etherType != ETHERTYPE_IPV6) {
                throw new PcapCompileError(column, "unsupported protocol over mpls (only ip and ip6)");
            }
            PcapTest bottom = mcmp(network(-2, 1), 0x01, 0x01);
            return and(bottom, mcmp(network(0, 1), 0xf0, etherType == ETHERTYPE_IP ? 0x40 : 0x60));
        }
        if (o.ppp) return cmp(linkType(0, 2), Op.EQ, pppType(etherType));
        if (etherType == 0xfe || etherType == 0x06 || etherType == 0xf0) {
            // OSI, IP-over-802.2 and NetBEUI: an 802.3 frame whose DSAP and SSAP are the value.
            return and(not(cmp(linkType(0, 2), Op.GT, ETHERMTU)), cmp(o.linkPayload.load(0, 2), Op.EQ, etherType << 8 | etherType));
        }
        if (etherType == 0xe0 || etherType == 0x809b || etherType == 0x80f3) {
            throw new PcapCompileError(column, "IPX and AppleTalk encapsulations are not compiled by Sluice");
        }
        if (etherType <= ETHERMTU) {
            return and(not(cmp(linkType(0, 2), Op.GT, ETHERMTU)), cmp(linkType(2, 1), Op.EQ, etherType));
        }
        return cmp(linkType(0, 2), Op.EQ, etherType);
    }

    /** libpcap's ethertype_to_ppptype for the types it maps. */
    private static long pppType(long etherType) {
        if (etherType == ETHERTYPE_IP) return 0x0021;
        if (etherType == ETHERTYPE_IPV6) return 0x0057;
        if (etherType == 0x6003) return 0x0027;
        if (etherType == 0x809b) return 0x0029;
        if (etherType == 0xfe) return 0x0023;
        if (etherType == 0x42) return 0x0031;
        if (etherType == 0xe0) return 0x002b;
        return etherType;
    }

    /** gen_proto_abbrev: a bare protocol name. */
    PcapTest protocol(PcapProtocol p) {
        return switch (p) {
            case DEFAULT, ETHER -> throw new PcapCompileError(column, "link layer applied in wrong context");
            case IP -> linkType(ETHERTYPE_IP);
            case IP6 -> linkType(ETHERTYPE_IPV6);
            case ARP -> linkType(ETHERTYPE_ARP);
            case RARP -> linkType(ETHERTYPE_RARP);
            case TCP, UDP, SCTP, PIM, AH, ESP -> proto(p.ipProtocol(), PcapProtocol.DEFAULT);
            case ICMP, IGMP, IGRP, VRRP, CARP -> proto(p.ipProtocol(), PcapProtocol.IP);
            case ICMP6 -> proto(58, PcapProtocol.IP6);
        };
    }

    /** gen_proto: {@code [ether|ip|ip6] proto N}. */
    PcapTest proto(long v, PcapProtocol p) {
        return switch (p) {
            case DEFAULT -> or(proto(v, PcapProtocol.IP), proto(v, PcapProtocol.IP6));
            case ETHER -> linkType(v);
            case IP -> and(linkType(ETHERTYPE_IP), cmp(network(9, 1), Op.EQ, v));
            case IP6 -> and(linkType(ETHERTYPE_IPV6), or(cmp(network(6, 1), Op.EQ, v),
                    and(cmp(network(6, 1), Op.EQ, IPPROTO_FRAGMENT), cmp(network(40, 1), Op.EQ, v))));
            default -> throw new PcapCompileError(column, "'" + p.word() + " proto' is bogus");
        };
    }

    /** gen_host for IPv4 addresses: ip, arp and rarp (not after MPLS) unless a protocol is named. */
    PcapTest host(long address, long mask, PcapProtocol p, Direction dir) {
        return switch (p) {
            case DEFAULT -> {
                PcapTest ip = host(address, mask, PcapProtocol.IP, dir);
                if (o.labels > 0) yield ip;
                yield or(or(ip, host(address, mask, PcapProtocol.ARP, dir)), host(address, mask, PcapProtocol.RARP, dir));
            }
            case IP -> hostOp(address, mask, dir, ETHERTYPE_IP, 12, 16);
            case ARP -> hostOp(address, mask, dir, ETHERTYPE_ARP, 14, 24);
            case RARP -> hostOp(address, mask, dir, ETHERTYPE_RARP, 14, 24);
            default -> throw new PcapCompileError(column, "'" + p.word() + "' modifier applied to host");
        };
    }

    private PcapTest hostOp(long address, long mask, Direction dir, int etherType, int src, int dst) {
        return switch (dir) {
            case SRC -> and(linkType(etherType), mcmp(network(src, 4), mask, address));
            case DST -> and(linkType(etherType), mcmp(network(dst, 4), mask, address));
            case AND -> and(hostOp(address, mask, Direction.SRC, etherType, src, dst), hostOp(address, mask, Direction.DST, etherType, src, dst));
            case DEFAULT, OR -> or(hostOp(address, mask, Direction.SRC, etherType, src, dst), hostOp(address, mask, Direction.DST, etherType, src, dst));
        };
    }

    /** gen_hostop6: the EtherType, then the four words of the address under the mask. */
    PcapTest host6(long high, long low, int bits, Direction dir) {
        return switch (dir) {
            case SRC, DST -> {
                int offset = dir == Direction.SRC ? 8 : 24;
                long[] words = {high >>> 32, high & 0xffffffffL, low >>> 32, low & 0xffffffffL};
                PcapTest t = linkType(ETHERTYPE_IPV6);
                for (int i = 0; i < 4; i++) {
                    int wordBits = Math.max(0, Math.min(32, bits - 32 * i));
                    long mask = wordBits == 0 ? 0 : (0xffffffffL << (32 - wordBits)) & 0xffffffffL;
                    // libpcap's optimizer drops a word compared under mask 0 (always equal), and with it its load.
                    if (mask != 0 || !o.optimized) t = and(t, mcmp(network(offset + 4 * i, 4), mask, words[i]));
                }
                yield t;
            }
            case AND -> and(host6(high, low, bits, Direction.SRC), host6(high, low, bits, Direction.DST));
            case DEFAULT, OR -> or(host6(high, low, bits, Direction.SRC), host6(high, low, bits, Direction.DST));
        };
    }

    /** gen_ehostop: the 48-bit MAC at 0 (dst) or 6 (src), compared as bytes 2-5 then 0-1 (gen_bcmp's order). */
    PcapTest etherHost(long mac, Direction dir) {
        return switch (dir) {
            case SRC, DST -> {
                int at = dir == Direction.SRC ? 6 : 0;
                yield and(cmp(linkHeader(at + 2, 4), Op.EQ, mac & 0xffffffffL), cmp(linkHeader(at, 2), Op.EQ, mac >>> 32));
            }
            case AND -> and(etherHost(mac, Direction.SRC), etherHost(mac, Direction.DST));
            case DEFAULT, OR -> or(etherHost(mac, Direction.SRC), etherHost(mac, Direction.DST));
        };
    }

    /** gen_protochain: {@code [ip|ip6] protochain N}. */
    PcapTest protochain(long v, PcapProtocol p) {
        if (o.linkPayload.variable()) throw new PcapCompileError(column, "'protochain' not supported with variable length headers");
        int base = o.networkLayer().constant();
        return switch (p) {
            case DEFAULT -> or(protochain(v, PcapProtocol.IP), protochain(v, PcapProtocol.IP6));
            case IP -> and(linkType(ETHERTYPE_IP), new PcapTest.ProtoChain(network(9, 1), new Value.HeaderLength(base), base, false, v));
            case IP6 -> and(linkType(ETHERTYPE_IPV6), new PcapTest.ProtoChain(network(6, 1), new Value.Constant(40), base, true, v));
            default -> throw new PcapCompileError(column, "bad protocol applied for 'protochain'");
        };
    }

    /** gen_geneve_check: UDP to 6081, version 0 (the top two bits of the Geneve header), the VNI if not negative. */
    PcapTest geneveHeader(boolean ipv6, long vni) {
        PcapTest t = ipv6 ? and(linkType(ETHERTYPE_IPV6), portOp6(6081, 6081, 17, Direction.DST))
                : and(linkType(ETHERTYPE_IP), portOp4(6081, 6081, 17, Direction.DST));
        t = and(t, mcmp(ipv6 ? ipv6Transport(8, 1) : ipv4Transport(8, 1), 0xc0, 0));
        if (vni >= 0) t = and(t, mcmp(ipv6 ? ipv6Transport(12, 4) : ipv4Transport(12, 4), 0xffffff00L, vni << 8));
        return t;
    }

    /** gen_port and gen_port6, ORed as gen_ncode does (IPv6 first). */
    PcapTest port(long lo, long hi, PcapProtocol p, Direction dir) {
        return or(port6(lo, hi, p, dir), port4(lo, hi, p, dir));
    }

    private PcapTest port4(long lo, long hi, PcapProtocol p, Direction dir) {
        PcapTest ports = p == PcapProtocol.DEFAULT
                ? or(portOp4(lo, hi, 132, dir), or(portOp4(lo, hi, 6, dir), portOp4(lo, hi, 17, dir)))
                : portOp4(lo, hi, p.ipProtocol(), dir);
        return and(linkType(ETHERTYPE_IP), ports);
    }

    private PcapTest portOp4(long lo, long hi, int proto, Direction dir) {
        PcapTest unfragmented = not(new PcapTest.Compare(new Value.Binary(PcapTest.Arith.AND, network(6, 2), new Value.Constant(0x1fff)), Op.NE, new Value.Constant(0)));
        PcapTest head = and(cmp(network(9, 1), Op.EQ, proto), unfragmented);
        return and(head, directions(dir, at -> range(ipv4Transport(at, 2), lo, hi)));
    }

    private PcapTest port6(long lo, long hi, PcapProtocol p, Direction dir) {
        PcapTest ports = p == PcapProtocol.DEFAULT
                ? or(portOp6(lo, hi, 132, dir), or(portOp6(lo, hi, 6, dir), portOp6(lo, hi, 17, dir)))
                : portOp6(lo, hi, p.ipProtocol(), dir);
        return and(linkType(ETHERTYPE_IPV6), ports);
    }

    private PcapTest portOp6(long lo, long hi, int proto, Direction dir) {
        return and(cmp(network(6, 1), Op.EQ, proto), directions(dir, at -> range(ipv6Transport(at, 2), lo, hi)));
    }

    /** One port ({@code lo == hi}: gen_portatom) or a range (gen_portrangeatom: {@code >= lo} then {@code <= hi}). */
    private static PcapTest range(Value port, long lo, long hi) {
        if (lo == hi) return cmp(port, Op.EQ, lo);
        return and(cmp(port, Op.GE, Math.min(lo, hi)), cmp(port, Op.LE, Math.max(lo, hi)));
    }

    private static PcapTest directions(Direction dir, java.util.function.IntFunction<PcapTest> at) {
        return switch (dir) {
            case SRC -> at.apply(0);
            case DST -> at.apply(2);
            case AND -> and(at.apply(0), at.apply(2));
            case DEFAULT, OR -> or(at.apply(0), at.apply(2));
        };
    }
}
