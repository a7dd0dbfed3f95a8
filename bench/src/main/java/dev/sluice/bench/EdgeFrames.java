package dev.sluice.bench;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Frames at the edges of the language's packet semantics (docs/LANGUAGE.md, "Exact packet
 * semantics"), on which the fair-anchor C and Sluice must agree: VLAN tags (one, two, a third, cut),
 * IPv4 options (and IHL below 5, options cut), IPv4 and IPv6 fragments, IPv6 extension headers (one,
 * four, a fifth, one cut), 802.3 frames and headers cut short; each carrying TCP to 22, 443 and 1500
 * (SYN) and UDP to 53, from an address inside 10/8 and 172.16/12 and from one outside.
 */
final class EdgeFrames {
    private EdgeFrames() {}

    /** A frame and what it is. */
    record Edge(String label, byte[] frame) {}

    private static final int TCP = 6, UDP = 17;

    static List<Edge> all() {
        List<Edge> out = new ArrayList<>();
        String[] sources = {"93.184.216.34", "10.1.2.3", "172.16.5.9"};
        for (String src : sources) {
            for (int[] l4 : new int[][] {{TCP, 22}, {TCP, 443}, {TCP, 1500}, {UDP, 53}}) {
                String what = (l4[0] == TCP ? "tcp/" : "udp/") + l4[1] + " from " + src;
                byte[] seg = l4[0] == TCP ? tcp(l4[1], 0x02) : udp(l4[1]);
                byte[] v4 = ipv4(src, 5, 0, l4[0], seg);
                out.add(new Edge("IPv4 " + what, eth(0x0800, v4)));
                out.add(new Edge("1 tag IPv4 " + what, eth(0x0800, v4, 0x8100)));
                out.add(new Edge("2 tags IPv4 " + what, eth(0x0800, v4, 0x88a8, 0x8100)));
                out.add(new Edge("3 tags IPv4 " + what, eth(0x0800, v4, 0x8100, 0x8100, 0x8100)));
                out.add(new Edge("IPv4 IHL 6 " + what, eth(0x0800, ipv4(src, 6, 0, l4[0], seg))));
                out.add(new Edge("IPv4 IHL 15 " + what, eth(0x0800, ipv4(src, 15, 0, l4[0], seg))));
                out.add(new Edge("IPv4 IHL 4 " + what, eth(0x0800, ipv4(src, 4, 0, l4[0], seg))));
                out.add(new Edge("IPv4 later fragment " + what, eth(0x0800, ipv4(src, 5, 0x0001, l4[0], seg))));
                out.add(new Edge("IPv4 first fragment (MF) " + what, eth(0x0800, ipv4(src, 5, 0x2000, l4[0], seg))));
                out.add(new Edge("IPv4 options cut " + what, cut(eth(0x0800, ipv4(src, 15, 0, l4[0], seg)), 14 + 40)));
                out.add(new Edge("IPv4 L4 cut " + what, cut(eth(0x0800, v4), 14 + 20 + 6)));
                byte[] v6 = ipv6(l4[0], seg);
                out.add(new Edge("IPv6 " + what, eth(0x86dd, v6)));
                out.add(new Edge("2 tags IPv6 " + what, eth(0x86dd, v6, 0x8100, 0x88a8)));
                out.add(new Edge("IPv6 hop-by-hop " + what, eth(0x86dd, ipv6(l4[0], seg, 0))));
                out.add(new Edge("IPv6 4 extensions " + what, eth(0x86dd, ipv6(l4[0], seg, 0, 43, 60, 44))));
                out.add(new Edge("IPv6 5 extensions " + what, eth(0x86dd, ipv6(l4[0], seg, 0, 43, 60, 60, 60))));
                out.add(new Edge("IPv6 later fragment " + what, eth(0x86dd, ipv6(l4[0], seg, 44 | 0x100))));
                out.add(new Edge("IPv6 first fragment " + what, eth(0x86dd, ipv6(l4[0], seg, 44))));
                out.add(new Edge("IPv6 extension cut " + what, cut(eth(0x86dd, ipv6(l4[0], seg, 60, 60)), 14 + 40 + 8 + 10)));
                out.add(new Edge("IPv6 L4 cut " + what, cut(eth(0x86dd, v6), 14 + 40 + 6)));
                out.add(new Edge("tag cut " + what, cut(eth(0x0800, v4, 0x8100), 16)));
            }
        }
        out.add(new Edge("802.3 frame", eth(0x0050, new byte[46])));
        out.add(new Edge("IPv4 header cut", cut(eth(0x0800, ipv4("93.184.216.34", 5, 0, TCP, tcp(22, 2))), 14 + 12)));
        out.add(new Edge("IPv6 header cut", cut(eth(0x86dd, ipv6(TCP, tcp(443, 2))), 14 + 30)));
        return out;
    }

    /** Ethernet with the given tags (TPIDs, outermost first, each with id 5), padded to 60 bytes. */
    static byte[] eth(int etherType, byte[] payload, int... tags) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1});
        for (int tpid : tags) {
            short16(b, tpid);
            short16(b, 5);
        }
        short16(b, etherType);
        b.writeBytes(payload);
        while (b.size() < 60) b.write(0);
        return b.toByteArray();
    }

    static byte[] cut(byte[] frame, int length) {
        return Arrays.copyOf(frame, length);
    }

    /** IPv4 with {@code ihl} words of header (options zero-filled) and the fragment word given. */
    static byte[] ipv4(String src, int ihl, int fragment, int proto, byte[] l4) {
        int header = Math.max(20, ihl * 4);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x40 | ihl);
        b.write(0);
        short16(b, header + l4.length);
        short16(b, 1);
        short16(b, fragment);
        b.write(64);
        b.write(proto);
        short16(b, 0);
        b.writeBytes(Frames.address(src));
        b.writeBytes(Frames.address("198.51.100.1"));
        b.writeBytes(new byte[header - 20]);
        b.writeBytes(l4);
        return b.toByteArray();
    }

    /**
     * IPv6 with extension headers of the given types (8 bytes each; 60 as the second of a pair of
     * 60s is 16 bytes long; 44 | 0x100 is a fragment header with offset 1).
     */
    static byte[] ipv6(int proto, byte[] l4, int... extensions) {
        ByteArrayOutputStream chain = new ByteArrayOutputStream();
        for (int i = 0; i < extensions.length; i++) {
            int next = i + 1 < extensions.length ? extensions[i + 1] & 0xff : proto;
            int type = extensions[i] & 0xff;
            if (type == 44) {
                chain.write(next);
                chain.write(0);
                short16(chain, (extensions[i] & 0x100) != 0 ? 1 << 3 : 1);
                chain.writeBytes(new byte[4]);
            } else {
                boolean longer = type == 60 && i > 0 && (extensions[i - 1] & 0xff) == 60;
                chain.write(next);
                chain.write(longer ? 1 : 0);
                chain.writeBytes(new byte[longer ? 14 : 6]);
            }
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        short16(b, 0x6000);
        short16(b, 0);
        short16(b, chain.size() + l4.length);
        b.write(extensions.length > 0 ? extensions[0] & 0xff : proto);
        b.write(64);
        b.writeBytes(Frames.address("2001:db8::1"));
        b.writeBytes(Frames.address("2001:db8::2"));
        b.writeBytes(chain.toByteArray());
        b.writeBytes(l4);
        return b.toByteArray();
    }

    static byte[] tcp(int dport, int flags) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        short16(b, 40000);
        short16(b, dport);
        b.writeBytes(new byte[8]);
        b.write(0x50);
        b.write(flags);
        short16(b, 1024);
        b.writeBytes(new byte[4]);
        return b.toByteArray();
    }

    static byte[] udp(int dport) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        short16(b, 40000);
        short16(b, dport);
        short16(b, 8);
        short16(b, 0);
        return b.toByteArray();
    }

    private static void short16(ByteArrayOutputStream b, int v) {
        b.write((v >>> 8) & 0xff);
        b.write(v & 0xff);
    }
}
