package dev.sluice.tests.dsl;

import java.nio.ByteBuffer;

/** Hand-built Ethernet frames for the headline tests. */
final class Frames {
    private Frames() {}

    /** Ethernet + IPv4 (198.18.0.2 -> 198.18.0.1) + a TCP SYN to {@code port}. */
    static byte[] tcpSyn(int port) {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + 20);
        b.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2}).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) 40).putShort((short) 1).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 6).putShort((short) 0)
                .put(new byte[] {(byte) 198, 18, 0, 2}).put(new byte[] {(byte) 198, 18, 0, 1});
        b.putShort((short) 40000).putShort((short) port).putInt(1).putInt(0).put((byte) 0x50).put((byte) 0x02)
                .putShort((short) 65535).putShort((short) 0).putShort((short) 0);
        return b.array();
    }

    /** Ethernet + IPv4 + UDP to {@code port}. */
    static byte[] udp(int port) {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + 8 + 4);
        b.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2}).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) 32).putShort((short) 1).putShort((short) 0)
                .put((byte) 64).put((byte) 17).putShort((short) 0)
                .put(new byte[] {10, 1, 2, 3}).put(new byte[] {(byte) 198, 18, 0, 1});
        b.putShort((short) 5000).putShort((short) port).putShort((short) 12).putShort((short) 0).putInt(0);
        return b.array();
    }
}
