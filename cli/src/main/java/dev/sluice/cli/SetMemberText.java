package dev.sluice.cli;

import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.compiler.image.MapRole;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A set map's key written back as a script member ({@code 198.18.0.2}, {@code 10.0.0.0/8},
 * {@code 2001:db8::1}, {@code aa:bb:cc:dd:ee:ff}, {@code 443}): the inverse of SetKeys.key.
 */
final class SetMemberText {
    private SetMemberText() {}

    static String of(MapRole.Set set, byte[] key) {
        ByteBuffer b = ByteBuffer.wrap(key).order(ByteOrder.LITTLE_ENDIAN);
        boolean v4 = set.field().isIpv4Address();
        boolean v6 = set.field() == PacketField.IP6_SRC || set.field() == PacketField.IP6_DST;
        if (set.prefix()) {
            int bits = b.getInt(0);
            byte[] address = new byte[key.length - 4];
            System.arraycopy(key, 4, address, 0, address.length);
            String text = address(address);
            return bits == address.length * 8 ? text : text + "/" + bits;
        }
        long high = b.getLong(0);
        if (v4) return address(ByteBuffer.allocate(4).putInt((int) high).array());
        if (v6) return address(ByteBuffer.allocate(16).putLong(high).putLong(b.getLong(8)).array());
        if (set.field().isMacAddress()) {
            StringBuilder mac = new StringBuilder();
            for (int shift = 40; shift >= 0; shift -= 8) {
                if (mac.length() > 0) mac.append(':');
                mac.append(String.format("%02x", (high >>> shift) & 0xff));
            }
            return mac.toString();
        }
        return Long.toUnsignedString(high);
    }

    private static String address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("a set key of " + bytes.length + " address bytes", e);
        }
    }
}
