package dev.sluice.compiler;

import dev.sluice.compiler.image.AggregateKind;
import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.compiler.image.MapRole;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A keyed counter's map key read back as the values it was counted by: numbers for integer
 * fields, text for addresses ({@code 10.0.0.1}, {@code 2001:db8::1}) and MACs. The key holds one
 * little-endian u64 per slot, as the generated parser stores fields; a histogram's key then its bucket.
 */
public final class CounterKeys {
    private CounterKeys() {}

    /** Each element a {@link Long} or a {@link String}. */
    public static List<Object> decode(MapRole.Aggregate counter, byte[] key) {
        ByteBuffer in = ByteBuffer.wrap(key).order(ByteOrder.LITTLE_ENDIAN);
        if (counter.arrayBacked()) return List.of(Integer.toUnsignedLong(in.getInt()));
        List<Object> out = new ArrayList<>();
        for (PacketField f : counter.key()) {
            if (f.isIpv4Address()) {
                out.add(ipv4(in.getLong()));
                continue;
            }
            if (f.isMacAddress()) {
                out.add(mac(in.getLong()));
                continue;
            }
            switch (f.outer()) {
                case IP6_SRC: case IP6_DST: out.add(ipv6Text(in.getLong(), in.getLong())); break;
                case COMM: case STR: {
                    // Strings are raw bytes up to the first NUL, as the program copied them.
                    byte[] raw = new byte[8 * f.slots()];
                    in.get(raw);
                    int end = 0;
                    while (end < raw.length && raw[end] != 0) end++;
                    out.add(new String(raw, 0, end, java.nio.charset.StandardCharsets.UTF_8));
                    break;
                }
                default:
                    out.add(in.getLong());
            }
        }
        // A histogram's key ends with its log2 bucket (0 holds 0, k holds [2^(k-1), 2^k)).
        if (counter.kind() == AggregateKind.HIST) out.add(in.getLong());
        return out;
    }

    static String ipv4(long v) {
        return (v >>> 24 & 0xff) + "." + (v >>> 16 & 0xff) + "." + (v >>> 8 & 0xff) + "." + (v & 0xff);
    }

    static String mac(long v) {
        StringBuilder out = new StringBuilder();
        for (int shift = 40; shift >= 0; shift -= 8) {
            if (out.length() > 0) out.append(':');
            out.append(String.format("%02x", v >>> shift & 0xff));
        }
        return out.toString();
    }

    /** An IPv6 address as RFC 5952 text, as scripts write it. */
    public static String ipv6Text(long high, long low) {
        return dev.sluice.dsl.model.Literals.formatIpv6(high, low);
    }
}
