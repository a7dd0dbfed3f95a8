package dev.sluice.compiler.lower;

import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.dsl.model.Expr;

/**
 * What a field holds: which literals it takes, and which type its values have as a counter key
 * (one counter name keeps one key type, whichever fields feed it).
 */
public enum FieldKind {
    U3(0x7, "a 3-bit number"), U8(0xff, "an 8-bit number"), U12(0xfff, "a 12-bit number"), U13(0x1fff, "a 13-bit number"),
    U16(0xffff, "a 16-bit number"), U20(0xfffff, "a 20-bit number"), U24(0xffffff, "a 24-bit number"), U32(0xffffffffL, "a 32-bit number"), U64(-1L, "a 64-bit number"), STRING(0, "a string"), IPV4(0, "an IPv4 address"),
    IPV6(0, "an IPv6 address"), MAC(0, "a MAC address");

    final long max;
    final String description;

    FieldKind(long max, String description) {
        this.max = max;
        this.description = description;
    }

    public static FieldKind of(PacketField f) {
        if (f.isIpv4Address()) return IPV4;
        if (f.isMacAddress()) return MAC;
        switch (f.outer()) {
            case IP6_SRC: case IP6_DST: return IPV6;
            case VLAN_PCP: return U3;
            case VLAN_ID: case VLAN_INNER: return U12;
            case IP_FRAGOFF: return U13;
            case IP6_FLOW: return U20;
            case VXLAN_VNI: case GENEVE_VNI: return U24;
            case ETH_TYPE: case IP_LEN: case IP_ID: case TCP_SPORT: case TCP_DPORT: case TCP_WIN: case UDP_SPORT:
            case UDP_DPORT: case UDP_LEN: case IP6_PLEN: case ARP_OP: case SCTP_SPORT: case SCTP_DPORT: case GRE_PROTO:
                return U16;
            case PKT_LEN: case DEV_MAJOR: case DEV_MINOR: case DEV_TYPE: case PID: case TID: case UID: case GID: case CPU:
                return U32;
            case NSECS: case ARG0: case ARG1: case ARG2: case ARG3: case ARG4: case ARG5: case RETVAL: case PC:
            case REC0: case REC1: case REC2: case REC3:
                return U64;
            case COMM: case STR: return STRING;
            default: return U8;
        }
    }

    /**
     * The type a field's values have as a key, in the words of the language's field tables: {@code u8},
     * {@code u16} (vlan.id's 12 bits too; narrower fields take the next such type), {@code u32}, {@code u64}, {@code ipv4}, {@code ipv6},
     * {@code mac}, or a string of its size (comm's 16 bytes and str()'s 64 are different types).
     */
    public static String keyType(PacketField f) {
        switch (of(f)) {
            case U3: case U8: return "u8";
            case U12: case U13: case U16: return "u16";
            case U20: case U24: case U32: return "u32";
            case U64: return "u64";
            case IPV4: return "ipv4";
            case IPV6: return "ipv6";
            case MAC: return "mac";
            default: return 8 * f.slots() + "-byte string";
        }
    }

    boolean accepts(Expr m) {
        switch (this) {
            case IPV4: return m instanceof Expr.Ipv4 || m instanceof Expr.Cidr c && !c.v6();
            case IPV6: return m instanceof Expr.Ipv6 || m instanceof Expr.Cidr c && c.v6();
            case MAC: return m instanceof Expr.Mac;
            default: return m instanceof Expr.IntLiteral;
        }
    }

    /** Members of the other address family are skipped silently (a mixed set serves both ip and ip6). */
    boolean sameFamilyIgnored(Expr m) {
        return (this == IPV4 || this == IPV6) && (m instanceof Expr.Ipv4 || m instanceof Expr.Ipv6 || m instanceof Expr.Cidr);
    }
}
