package dev.sluice.cli.metrics;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Where the metrics endpoint listens: {@code ADDR:PORT} with a numeric address, {@code [ADDR]:PORT}
 * for IPv6. There is no default and no host name lookup: the endpoint listens exactly where it is told.
 */
public final class ListenAddress {
    private ListenAddress() {}

    /** The socket address, or an {@link IllegalArgumentException} saying what is wrong with {@code text}. */
    public static InetSocketAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) throw new IllegalArgumentException("expected ADDR:PORT (e.g. 127.0.0.1:9100 or [::1]:9100), not " + text);
        String host = text.substring(0, colon);
        String port = text.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        else if (host.contains(":")) throw new IllegalArgumentException("write an IPv6 address in brackets: [" + host + "]:" + port);
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("the port must be a number from 0 to 65535, not " + port);
        }
        if (!host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            throw new IllegalArgumentException("the address must be numeric (IPv4 or IPv6), not " + host);
        }
        try {
            // Numeric text never leads to a lookup.
            return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(port));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + host);
        }
    }
}
