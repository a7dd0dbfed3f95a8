package dev.sluice.testing;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** The encapsulation headers of the frame builder's tunnels (VXLAN, Geneve, GRE) before the inner packet. */
final class Tunnels {
    private Tunnels() {}

    /** RFC 7348: flags 0x08 (VNI valid), 24 reserved bits, the VNI, 8 reserved bits. */
    static byte[] vxlan(int vni, byte[] inner) {
        byte[] h = {0x08, 0, 0, 0, (byte) (vni >> 16), (byte) (vni >> 8), (byte) vni, 0};
        return concat(h, inner);
    }

    /** RFC 8926 without options: version 0, protocol 0x6558 (Ethernet), the VNI. */
    static byte[] geneve(int vni, byte[] inner) {
        byte[] h = {0, 0, 0x65, 0x58, (byte) (vni >> 16), (byte) (vni >> 8), (byte) vni, 0};
        return concat(h, inner);
    }

    /** RFC 2784 without optional fields: the inner IP packet, or the whole inner frame when it has no IP layer. */
    static byte[] gre(FrameFields f, byte[] frame) {
        boolean ip = f.network == FrameFields.Network.IPV4 || f.network == FrameFields.Network.IPV6;
        int protocol = ip ? FrameEncoder.etherType(f) : 0x6558;
        byte[] carried = ip ? Arrays.copyOfRange(frame, 14 + 4 * f.tags.size(), frame.length) : frame;
        return concat(new byte[] {0, 0, (byte) (protocol >> 8), (byte) protocol}, carried);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
