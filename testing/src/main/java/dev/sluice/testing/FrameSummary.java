package dev.sluice.testing;

/**
 * A frame in one line, the way tcpdump prints it without -v: {@code IP 10.0.0.1.1234 > 10.0.0.2.22:
 * Flags [S], length 0}, {@code IP6 ...: UDP, length 12}, {@code ARP, length 28}, with {@code vlan N, }
 * before a tagged frame and {@code [|proto]} where a header is cut short.
 */
public final class FrameSummary {
    private FrameSummary() {}

    /** The summary line of frame {@code f}, whatever its length or contents. */
    public static String of(byte[] f) {
        if (f.length < 14) return "[|ether] " + f.length + " bytes";
        StringBuilder out = new StringBuilder();
        int at = 12;
        int type = u16(f, at);
        for (int tags = 0; (type == 0x8100 || type == 0x88a8) && tags < 2; tags++) {
            if (f.length < at + 6) return out.append("[|vlan]").toString();
            out.append("vlan ").append(u16(f, at + 2) & 0xfff).append(", ");
            at += 4;
            type = u16(f, at);
        }
        int l3 = at + 2;
        switch (type) {
            case 0x0800: return ipv4(f, l3, out);
            case 0x86dd: return ipv6(f, l3, out);
            case 0x0806: return out.append("ARP, length ").append(f.length - l3).toString();
            default: return out.append(String.format("ethertype 0x%04x, length %d", type, f.length)).toString();
        }
    }

    private static String ipv4(byte[] f, int at, StringBuilder out) {
        if (f.length < at + 20) return out.append("IP [|ip]").toString();
        int ihl = (f[at] & 0x0f) * 4;
        if (ihl < 20 || f.length < at + ihl) return out.append("IP [|ip]").toString();
        String src = (f[at + 12] & 0xff) + "." + (f[at + 13] & 0xff) + "." + (f[at + 14] & 0xff) + "." + (f[at + 15] & 0xff);
        String dst = (f[at + 16] & 0xff) + "." + (f[at + 17] & 0xff) + "." + (f[at + 18] & 0xff) + "." + (f[at + 19] & 0xff);
        int proto = f[at + 9] & 0xff;
        boolean later = (u16(f, at + 6) & 0x1fff) != 0;
        int end = Math.min(f.length, at + Math.max(ihl, u16(f, at + 2)));
        out.append("IP ");
        if (later) return out.append(src).append(" > ").append(dst).append(": ip-proto-").append(proto).append(" (fragment)").toString();
        return transport(f, at + ihl, end, proto, src, dst, out, 1);
    }

    private static String ipv6(byte[] f, int at, StringBuilder out) {
        if (f.length < at + 40) return out.append("IP6 [|ip6]").toString();
        String src = v6(f, at + 8), dst = v6(f, at + 24);
        int next = f[at + 6] & 0xff;
        int l4 = at + 40;
        for (int i = 0; i < 4 && (next == 0 || next == 43 || next == 44 || next == 60); i++) {
            if (f.length < l4 + 8) return out.append("IP6 ").append(src).append(" > ").append(dst).append(": [|ip6]").toString();
            if (next == 44 && (u16(f, l4 + 2) & 0xfff8) != 0) {
                return out.append("IP6 ").append(src).append(" > ").append(dst).append(": frag").toString();
            }
            int length = next == 44 ? 8 : ((f[l4 + 1] & 0xff) + 1) * 8;
            next = f[l4] & 0xff;
            l4 += length;
        }
        out.append("IP6 ");
        return transport(f, l4, Math.min(f.length, at + 40 + u16(f, at + 4)), next, src, dst, out, 58);
    }

    private static String transport(byte[] f, int at, int end, int proto, String src, String dst, StringBuilder out, int icmp) {
        switch (proto) {
            case 6:
                if (f.length < at + 20) return out.append(src).append(" > ").append(dst).append(": [|tcp]").toString();
                int offset = ((f[at + 12] & 0xff) >> 4) * 4;
                return out.append(src).append('.').append(u16(f, at)).append(" > ").append(dst).append('.').append(u16(f, at + 2))
                        .append(": Flags [").append(flags(f[at + 13] & 0xff)).append("], length ")
                        .append(Math.max(0, end - at - Math.max(20, offset))).toString();
            case 17:
                if (f.length < at + 8) return out.append(src).append(" > ").append(dst).append(": [|udp]").toString();
                return out.append(src).append('.').append(u16(f, at)).append(" > ").append(dst).append('.').append(u16(f, at + 2))
                        .append(": UDP, length ").append(Math.max(0, u16(f, at + 4) - 8)).toString();
            default:
                out.append(src).append(" > ").append(dst).append(": ");
                if (proto == icmp) {
                    String name = icmp == 1 ? "ICMP" : "ICMP6";
                    if (f.length < at + 4) return out.append("[|").append(name.toLowerCase()).append(']').toString();
                    return out.append(name).append(" type ").append(f[at] & 0xff).append(" code ").append(f[at + 1] & 0xff).toString();
                }
                return out.append("ip-proto-").append(proto).append(", length ").append(Math.max(0, end - at)).toString();
        }
    }

    /** tcpdump's flag letters: S F R P U, '.' for ACK; "none" when no flag is set. */
    private static String flags(int b) {
        StringBuilder s = new StringBuilder();
        if ((b & 0x02) != 0) s.append('S');
        if ((b & 0x01) != 0) s.append('F');
        if ((b & 0x04) != 0) s.append('R');
        if ((b & 0x08) != 0) s.append('P');
        if ((b & 0x20) != 0) s.append('U');
        if ((b & 0x10) != 0) s.append('.');
        return s.length() == 0 ? "none" : s.toString();
    }

    private static int u16(byte[] f, int at) {
        return (f[at] & 0xff) << 8 | (f[at + 1] & 0xff);
    }

    private static String v6(byte[] f, int at) {
        long high = 0, low = 0;
        for (int i = 0; i < 8; i++) {
            high = high << 8 | (f[at + i] & 0xff);
            low = low << 8 | (f[at + 8 + i] & 0xff);
        }
        return dev.sluice.compiler.CounterKeys.ipv6Text(high, low);
    }
}
