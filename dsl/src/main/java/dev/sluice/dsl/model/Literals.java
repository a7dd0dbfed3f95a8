package dev.sluice.dsl.model;

/**
 * The literal forms of docs/LANGUAGE.md: integers (decimal, 0x hex), IPv4, IPv6 (every {@code ::} form,
 * an embedded IPv4 tail), CIDRs (host bits set is an error that suggests the network), MACs. The model's side of literals, so
 * that the grammar, the compiler and the runtime read and print them without the fluent DSL.
 */
public final class Literals {
    private Literals() {}

    /**
     * Reads one literal as a script would: an integer, IPv4 or IPv6 address, CIDR or MAC, located at {@code
     * at}; throws {@link IllegalArgumentException} with a user-facing message for anything else.
     */
    public static Expr parse(String text, SourceLocation at) {
        String t = text.trim();
        int slash = t.indexOf('/');
        if (slash >= 0) return cidr(t.substring(0, slash), t.substring(slash + 1), t, at);
        if (t.matches("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}")) {
            return new Expr.Mac(Long.parseLong(t.replace(":", ""), 16), at);
        }
        if (t.contains(":")) {
            long[] v6 = ipv6(t);
            return new Expr.Ipv6(v6[0], v6[1], at);
        }
        if (t.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) return new Expr.Ipv4(ipv4(t), at);
        return new Expr.IntLiteral(integer(t), at);
    }

    /**
     * A decimal or {@code 0x} hex integer. Values are unsigned 64-bit (docs/LANGUAGE.md, "Arithmetic"), so
     * the top half of the range comes back as negative longs, as {@link Long#parseUnsignedLong} gives.
     */
    public static long integer(String t) {
        boolean hex = t.startsWith("0x") || t.startsWith("0X");
        String digits = hex ? t.substring(2) : t;
        try {
            if (hex) return Long.parseUnsignedLong(digits, 16);
            if (t.startsWith("-")) return Long.parseLong(t);
            return Long.parseUnsignedLong(digits);
        } catch (NumberFormatException e) {
            if (!digits.isEmpty() && digits.chars().allMatch(c -> Character.digit(c, hex ? 16 : 10) >= 0)) {
                throw new IllegalArgumentException("'" + t + "' is too large for 64 bits (at most 18446744073709551615)");
            }
            throw new IllegalArgumentException("'" + t + "' is not a number, an address, a CIDR or a MAC");
        }
    }

    /**
     * A dotted-quad IPv4 address as its 32-bit big-endian number ({@code 10.0.0.1} is {@code 0x0a000001});
     * each octet must be 0 to 255.
     */
    public static long ipv4(String t) {
        String[] parts = t.split("\\.", -1);
        if (parts.length != 4) throw new IllegalArgumentException("'" + t + "' is not an IPv4 address");
        long v = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("'" + t + "' is not an IPv4 address");
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) throw new IllegalArgumentException("'" + t + "': " + octet + " is more than 255");
            v = v << 8 | octet;
        }
        return v;
    }

    /** High and low 64 bits of an IPv6 address. */
    public static long[] ipv6(String t) {
        String text = t;
        int[] groups = new int[8];
        int tailGroups = 0;
        int lastColon = text.lastIndexOf(':');
        if (text.substring(lastColon + 1).contains(".")) {
            long v4 = ipv4(text.substring(lastColon + 1));
            text = text.substring(0, lastColon + 1) + Long.toHexString(v4 >>> 16) + ":" + Long.toHexString(v4 & 0xffff);
        }
        int doubleColon = text.indexOf("::");
        if (doubleColon != text.lastIndexOf("::")) throw new IllegalArgumentException("'" + t + "' has '::' twice");
        String[] head;
        String[] tail;
        if (doubleColon >= 0) {
            String h = text.substring(0, doubleColon);
            String tl = text.substring(doubleColon + 2);
            head = h.isEmpty() ? new String[0] : h.split(":", -1);
            tail = tl.isEmpty() ? new String[0] : tl.split(":", -1);
            if (head.length + tail.length > 7) throw new IllegalArgumentException("'" + t + "' has too many groups");
        } else {
            head = text.split(":", -1);
            tail = new String[0];
            if (head.length != 8) throw new IllegalArgumentException("'" + t + "' is not an IPv6 address (8 groups or '::')");
        }
        for (int i = 0; i < head.length; i++) groups[i] = group(head[i], t);
        for (int i = 0; i < tail.length; i++) groups[8 - tail.length + i] = group(tail[i], t);
        tailGroups = tail.length;
        long high = 0;
        long low = 0;
        for (int i = 0; i < 4; i++) high = high << 16 | groups[i];
        for (int i = 4; i < 8; i++) low = low << 16 | groups[i];
        return new long[] {high, low, tailGroups};
    }

    private static int group(String g, String whole) {
        if (g.isEmpty() || g.length() > 4 || !g.matches("[0-9a-fA-F]+")) {
            throw new IllegalArgumentException("'" + whole + "' is not an IPv6 address");
        }
        return Integer.parseInt(g, 16);
    }

    private static Expr cidr(String address, String prefixText, String whole, SourceLocation at) {
        int prefix;
        try {
            prefix = Integer.parseInt(prefixText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + whole + "': '" + prefixText + "' is not a prefix length");
        }
        if (address.contains(":")) {
            if (prefix < 0 || prefix > 128) throw new IllegalArgumentException("'" + whole + "': an IPv6 prefix is 0 to 128 bits");
            long[] v = ipv6(address);
            long highMask = prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
            long lowMask = prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
            if ((v[0] & ~highMask) != 0 || (v[1] & ~lowMask) != 0) {
                throw new IllegalArgumentException("'" + whole + "' has host bits set; the network is "
                        + formatIpv6(v[0] & highMask, v[1] & lowMask) + "/" + prefix);
            }
            return new Expr.Cidr(true, v[0], v[1], prefix, at);
        }
        if (prefix < 0 || prefix > 32) throw new IllegalArgumentException("'" + whole + "': an IPv4 prefix is 0 to 32 bits");
        long v = ipv4(address);
        long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
        if ((v & ~mask) != 0) {
            throw new IllegalArgumentException("'" + whole + "' has host bits set; the network is " + formatIpv4(v & mask) + "/" + prefix);
        }
        return new Expr.Cidr(false, v, 0, prefix, at);
    }

    /** The dotted-quad text of a 32-bit IPv4 number, for messages and the script printer. */
    public static String formatIpv4(long v) {
        return (v >>> 24 & 0xff) + "." + (v >>> 16 & 0xff) + "." + (v >>> 8 & 0xff) + "." + (v & 0xff);
    }

    /** The canonical (RFC 5952) text: lower case, the longest run of zero groups as {@code ::}. */
    public static String formatIpv6(long high, long low) {
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) g[i] = (int) (high >>> (48 - 16 * i) & 0xffff);
        for (int i = 0; i < 4; i++) g[4 + i] = (int) (low >>> (48 - 16 * i) & 0xffff);
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') out.append(':');
            out.append(Integer.toHexString(g[i]));
        }
        return out.toString();
    }
}
