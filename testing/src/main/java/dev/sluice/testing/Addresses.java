package dev.sluice.testing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Address text to bytes for the frame builder; a malformed address is an {@link IllegalArgumentException} naming it. */
final class Addresses {
    // Compiled once: the random frames go through here several times each.
    private static final Pattern MAC_SEPARATOR = Pattern.compile("[:-]");
    private static final Pattern HEX_BYTE = Pattern.compile("[0-9a-fA-F]{1,2}");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+");

    private Addresses() {}

    static byte[] mac(String text) {
        String[] parts = MAC_SEPARATOR.split(text);
        if (parts.length != 6) throw new IllegalArgumentException("not a MAC address: " + text);
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            if (!HEX_BYTE.matcher(parts[i]).matches()) throw new IllegalArgumentException("not a MAC address: " + text);
            out[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return out;
    }

    static byte[] ipv4(String text) {
        if (!IPV4.matcher(text).matches()) throw new IllegalArgumentException("not an IPv4 address: " + text);
        byte[] out = new byte[4];
        String[] parts = text.split("\\.");
        for (int i = 0; i < 4; i++) {
            int v = Integer.parseInt(parts[i]);
            if (v > 255) throw new IllegalArgumentException("not an IPv4 address: " + text);
            out[i] = (byte) v;
        }
        return out;
    }

    static byte[] ipv6(String text) {
        if (!text.contains(":") || !IPV6.matcher(text).matches()) throw new IllegalArgumentException("not an IPv6 address: " + text);
        try {
            // Only literals reach here (the pattern above), so no name is ever looked up.
            byte[] out = InetAddress.getByName(text).getAddress();
            if (out.length == 16) return out;
            // Java reads ::ffff:a.b.c.d as the IPv4 address; the frame carries the mapped IPv6 form.
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(out, 0, mapped, 12, 4);
            return mapped;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address: " + text, e);
        }
    }
}
