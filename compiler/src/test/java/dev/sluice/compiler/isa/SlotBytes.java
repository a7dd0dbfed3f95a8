package dev.sluice.compiler.isa;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Raw instruction bytes for tests: one slot from its fields, concatenation, hex dumps. */
final class SlotBytes {
    private SlotBytes() {}

    static byte[] slot(int code, int dst, int src, int offset, int imm) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) code).put((byte) (dst | src << 4)).putShort((short) offset).putInt(imm).array();
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** Bytes in hex, slots separated by {@code |}. */
    static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < bytes.length; i++) {
            if (i > 0) s.append(i % 8 == 0 ? " | " : " ");
            s.append(String.format("%02x", bytes[i] & 0xff));
        }
        return s.toString();
    }
}
