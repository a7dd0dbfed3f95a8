package dev.sluice.bench;

import dev.sluice.testing.FrameBuilder;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The side-by-side benchmark's frames, built with the testing kit's {@link FrameBuilder}: a TCP or
 * UDP packet from port 40000, padded to Ethernet's 60 bytes, optionally behind one 802.1Q tag
 * (VLAN 100). Checksums are zero: no filter reads them.
 */
final class Frames {
    private Frames() {}

    static final int SYN = FrameBuilder.SYN;
    static final int ACK = FrameBuilder.ACK;

    /** A numeric IPv4 or IPv6 address's bytes, for frames built by hand (EdgeFrames). */
    static byte[] address(String text) {
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static byte[] tcp4(String src, String dst, int dport, int flags) {
        return FrameBuilder.ethernet().ipv4(src, dst).dontFragment().tcp(40000, dport).flags(flags).padTo(60).build();
    }

    static byte[] udp4(String src, String dst, int dport) {
        return FrameBuilder.ethernet().ipv4(src, dst).dontFragment().udp(40000, dport).payload(new byte[18]).padTo(60).build();
    }

    static byte[] tcp6(String src, String dst, int dport, int flags) {
        return FrameBuilder.ethernet().ipv6(src, dst).tcp(40000, dport).flags(flags).padTo(60).build();
    }

    static byte[] udp6(String src, String dst, int dport) {
        return FrameBuilder.ethernet().ipv6(src, dst).udp(40000, dport).payload(new byte[18]).padTo(60).build();
    }

    static byte[] tcp4Vlan(String src, String dst, int dport, int flags) {
        return FrameBuilder.ethernet().vlan(100).ipv4(src, dst).dontFragment().tcp(40000, dport).flags(flags).padTo(60).build();
    }

    static byte[] tcp6Vlan(String src, String dst, int dport, int flags) {
        return FrameBuilder.ethernet().vlan(100).ipv6(src, dst).tcp(40000, dport).flags(flags).padTo(60).build();
    }
}
