package dev.sluice.testing;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Turns a builder's {@link FrameFields} into a frame's bytes and the offsets where its headers end. */
final class FrameEncoder {
    private FrameEncoder() {}

    static Frame encode(FrameFields f) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Integer> ends = new ArrayList<>();
        out.writeBytes(f.dstMac);
        out.writeBytes(f.srcMac);
        for (int[] tag : f.tags) {
            u16(out, tag[0]);
            u16(out, tag[1]);
        }
        u16(out, etherType(f));
        ends.add(out.size());
        byte[] l4 = transport(f);
        int l4Header = l4.length - f.payload.length;
        if (f.network != null) {
            int start = out.size();
            switch (f.network) {
                case IPV4 -> ipv4(f, l4, out, ends);
                case IPV6 -> ipv6(f, l4, out, ends);
                case ARP -> arp(f, out);
            }
            if (f.network == FrameFields.Network.ARP) {
                ends.add(start + 28);
                out.writeBytes(f.payload);
            } else {
                // The rules need an ICMP header's first 4 bytes only: a cut there is a boundary too.
                if (f.transport == FrameFields.Transport.ICMP) ends.add(out.size() + 4);
                if (l4Header > 0) ends.add(out.size() + l4Header);
                out.writeBytes(l4);
            }
        } else {
            out.writeBytes(f.payload);
        }
        while (out.size() < f.padTo) out.write(0);
        byte[] bytes = out.toByteArray();
        if (ends.get(ends.size() - 1) != bytes.length) ends.add(bytes.length);
        return new Frame(bytes, ends);
    }

    static int etherType(FrameFields f) {
        if (f.etherType.isPresent()) return f.etherType.getAsInt();
        if (f.network == null) return 0;
        return switch (f.network) {
            case IPV4 -> 0x0800;
            case IPV6 -> 0x86dd;
            case ARP -> 0x0806;
        };
    }

    /** The L4 header followed by the payload (the payload alone when there is no L4 header). */
    private static byte[] transport(FrameFields f) {
        if (f.transport == null) return f.payload.clone();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (f.transport) {
            case TCP -> {
                u16(out, f.l4First);
                u16(out, f.l4Second);
                u32(out, 1);
                u32(out, 0);
                out.write(0x50);
                out.write(f.tcpFlags);
                u16(out, f.window);
                u32(out, 0);
            }
            case UDP -> {
                u16(out, f.l4First);
                u16(out, f.l4Second);
                u16(out, 8 + f.payload.length);
                u16(out, 0);
            }
            case ICMP -> {
                // Type, code, checksum, and the 4 bytes every message has (an echo's id and sequence).
                out.write(f.l4First);
                out.write(f.l4Second);
                u16(out, 0);
                u32(out, 0);
            }
            case SCTP -> {
                // The 12-byte common header: ports, verification tag, checksum (zero: nothing here checks it).
                u16(out, f.l4First);
                u16(out, f.l4Second);
                u32(out, 0);
                u32(out, 0);
            }
            case RAW -> { }
        }
        out.writeBytes(f.payload);
        return out.toByteArray();
    }

    private static void ipv4(FrameFields f, byte[] l4, ByteArrayOutputStream out, List<Integer> ends) {
        int header = 20 + f.ipOptions.length;
        int start = out.size();
        out.write(0x40 | f.ihl.orElse(header / 4));
        out.write(f.tos);
        u16(out, f.ipLength.orElse(header + l4.length));
        u16(out, f.ipId);
        u16(out, f.fragmentBits);
        out.write(f.ttl);
        out.write(f.transport == null ? 0 : f.protocol);
        u16(out, 0);
        out.writeBytes(f.ipSrc);
        out.writeBytes(f.ipDst);
        ends.add(start + 20);
        out.writeBytes(f.ipOptions);
        if (header > 20) ends.add(start + header);
    }

    private static void ipv6(FrameFields f, byte[] l4, ByteArrayOutputStream out, List<Integer> ends) {
        int extensionBytes = f.extensions.stream().mapToInt(FrameFields.Extension::length).sum();
        int last = f.transport == null ? 59 : f.protocol;
        u32(out, 0x60000000 | f.tos << 20);
        u16(out, f.ipLength.orElse(extensionBytes + l4.length));
        out.write(f.extensions.isEmpty() ? last : f.extensions.get(0).type());
        out.write(f.ttl);
        out.writeBytes(f.ipSrc);
        out.writeBytes(f.ipDst);
        ends.add(out.size());
        for (int i = 0; i < f.extensions.size(); i++) {
            FrameFields.Extension e = f.extensions.get(i);
            byte[] h = new byte[e.length()];
            h[0] = (byte) (i + 1 < f.extensions.size() ? f.extensions.get(i + 1).type() : last);
            if (e.type() == 44) {
                int offsetAndFlag = e.fragmentOffset() << 3 | (e.more() ? 1 : 0);
                h[2] = (byte) (offsetAndFlag >> 8);
                h[3] = (byte) offsetAndFlag;
            } else {
                h[1] = (byte) e.units();
            }
            out.writeBytes(h);
            ends.add(out.size());
        }
    }

    private static void arp(FrameFields f, ByteArrayOutputStream out) {
        u16(out, 1);
        u16(out, 0x0800);
        out.write(6);
        out.write(4);
        u16(out, 1);
        out.writeBytes(f.srcMac);
        out.writeBytes(f.ipSrc == null || f.ipSrc.length != 4 ? new byte[4] : f.ipSrc);
        out.writeBytes(new byte[6]);
        out.writeBytes(f.ipDst == null || f.ipDst.length != 4 ? new byte[4] : f.ipDst);
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >> 8);
        out.write(v);
    }

    private static void u32(ByteArrayOutputStream out, int v) {
        u16(out, v >>> 16);
        u16(out, v);
    }
}
