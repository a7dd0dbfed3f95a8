package dev.sluice.runtime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Names as bpffs takes them: it refuses any name with a dot, and a slash would be a folder, so
 * every byte outside {@code [A-Za-z0-9_-]} is written {@code %XX}. Decoding gives the name back.
 */
public final class PinName {
    private PinName() {}

    /** {@code name} with every byte outside {@code [A-Za-z0-9_-]} escaped as {@code %XX}. */
    public static String encode(String name) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-')) out.append(c);
            else out.append('%').append(String.format("%02X", b & 0xff));
        }
        return out.toString();
    }

    /** The name {@link #encode} was given; a malformed escape is an {@link IllegalArgumentException}. */
    public static String decode(String encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c != '%') {
                out.write(c);
                continue;
            }
            if (i + 2 >= encoded.length()) throw new IllegalArgumentException("bad pin name " + encoded);
            out.write(Integer.parseInt(encoded.substring(i + 1, i + 3), 16));
            i += 2;
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
