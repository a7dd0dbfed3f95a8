package dev.sluice.compiler.image;

import dev.sluice.compiler.hooks.PacketField;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * One {@code print} format and its arguments. An event record is the format's index (u64) and
 * then each argument's value slots as the parser keeps them; {@link #format} turns a record into
 * text: {@code %d} signed, {@code %u} unsigned, {@code %x} hex, {@code %s} a string (comm),
 * {@code %ip} an IPv4 or IPv6 address, {@code %mac} a MAC address, {@code %%} a percent sign.
 */
public record EventFormat(String format, List<PacketField> args) {
    /** Copies the argument list. */
    public EventFormat {
        args = List.copyOf(args);
    }

    /** Record bytes: 8 for the format index, 8 per argument slot. */
    public int recordSize() {
        return 8 + args.stream().mapToInt(a -> 8 * a.slots()).sum();
    }

    /**
     * The line {@code record} prints (its values little-endian); a conversion past the last argument
     * stays as written.
     */
    public String format(byte[] record) {
        ByteBuffer in = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
        StringBuilder out = new StringBuilder();
        int arg = 0;
        int at = 8;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 >= format.length()) {
                out.append(c);
                continue;
            }
            String rest = format.substring(i + 1);
            if (rest.startsWith("%")) {
                out.append('%');
                i++;
                continue;
            }
            String spec = rest.startsWith("ip") ? "ip" : rest.startsWith("mac") ? "mac" : rest.substring(0, 1);
            if (arg >= args.size()) {
                out.append('%').append(spec);
                i += spec.length();
                continue;
            }
            PacketField field = args.get(arg++);
            byte[] raw = java.util.Arrays.copyOfRange(record, at, at + 8 * field.slots());
            long first = in.getLong(at);
            long second = field.slots() >= 2 ? in.getLong(at + 8) : 0;
            at += 8 * field.slots();
            out.append(text(spec, field, first, second, raw));
            i += spec.length();
        }
        return out.toString();
    }

    private static String text(String spec, PacketField field, long first, long second, byte[] raw) {
        switch (spec) {
            case "d": return Long.toString(first);
            case "u": return Long.toUnsignedString(first);
            case "x": return Long.toHexString(first);
            case "s": {
                // Strings (comm, str()) are raw bytes up to the first NUL.
                int end = 0;
                while (end < raw.length && raw[end] != 0) end++;
                return new String(raw, 0, end, java.nio.charset.StandardCharsets.UTF_8);
            }
            case "ip":
                if (field.slots() == 2) return dev.sluice.dsl.model.Literals.formatIpv6(first, second);
                return (first >>> 24 & 0xff) + "." + (first >>> 16 & 0xff) + "." + (first >>> 8 & 0xff) + "." + (first & 0xff);
            case "mac": {
                StringBuilder mac = new StringBuilder();
                for (int b = 5; b >= 0; b--) mac.append(String.format("%02x", first >>> (8 * b) & 0xff)).append(b == 0 ? "" : ":");
                return mac.toString();
            }
            default:
                return "%" + spec;
        }
    }
}
